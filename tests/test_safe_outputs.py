"""What the harness hands on and the input it takes are safe (issue "Safe inputs and outputs", first items): the
附件2 workbook carries no live formula from page or registry text; every file and folder the harness writes is
readable by another user (0644 / 0755); JSON numbers that are not finite are refused with the file or option named."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile

import pytest

from harness import specs
from harness.errors import SpecError
from harness.report import annotate, attachment2
from harness.results import atomic_write, make_dirs

HOSTILE = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://127.0.0.1:9/x","点此提交材料")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def _system():
    item = {"n": 1, "name": HOSTILE[1], "type": "=1+1", "code": "", "page": "form", "url": "https://e.x/f",
            "target": "s/form", "fields": [], "labels": "、".join(HOSTILE), "shot": None, "capped": False, "problem": None}
    return {"id": "s", "name": HOSTILE[0], "address": "=WEBSERVICE(\"http://127.0.0.1:9/\")", "items": [item]}


def test_workbook_cells_are_text_never_formulas():
    from openpyxl import load_workbook

    data = attachment2.workbook(_system(), {})
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        assert sheets
        for n in sheets:
            xml = z.read(n).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml, n
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    strings = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert {c.value for c in strings} >= {HOSTILE[0], "=WEBSERVICE(\"http://127.0.0.1:9/\")", "=1+1"}
    assert all(c.data_type == "s" for c in strings)
    risky = [c for c in strings if c.value.startswith(attachment2.FORMULA_TRIGGERS)]
    assert len(risky) >= 4 and all(c.quotePrefix for c in risky)


def test_files_and_folders_are_written_0644_and_0755(tmp_path):
    old = os.umask(0o077)  # a strict umask must not make reports unreadable for the web server
    try:
        atomic_write(tmp_path / "run" / "results" / "a.json", "{}")
        annotate.save(tmp_path / "run" / "assets" / "d" / "x.jpg", b"\xff\xd8")
        make_dirs(tmp_path / "run" / "departments")
    finally:
        os.umask(old)
    for p in (tmp_path / "run").rglob("*"):
        mode = p.stat().st_mode & 0o777
        assert mode == (0o755 if p.is_dir() else 0o644), (p, oct(mode))


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_refused(tmp_path, number):
    p = tmp_path / "registry.json"
    p.write_text('{"id": "x", "title": "t", "departments": [], "n": %s}' % number, encoding="utf-8")
    with pytest.raises(SpecError) as e:
        specs.read_json(p)
    assert str(p) in str(e.value) and number.lstrip("-") in str(e.value)
    r = subprocess.run([sys.executable, "-m", "harness.cli", "audit", "http://127.0.0.1:9/", "--set", f"EL-05.min_size={number}"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and f"--set EL-05.min_size={number}" in r.stderr and "Traceback" not in r.stderr
