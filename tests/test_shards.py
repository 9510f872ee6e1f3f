"""Sharded runs that merge (harness/shards.py): ``harness run --shard 1/2`` and ``2/2`` audit disjoint shares of the
departments that together are all of them, and ``harness merge`` gives the same results and index as one run."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from harness import shards
from harness.errors import OptionError

ROOT = Path(__file__).resolve().parent.parent
SETS = ["--set", "PF-01.throttling=false"]


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "harness.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=900)


def _registry(tmp_path, base):
    deps = []
    for i, (name, page) in enumerate([("甲局", "EL-05/fail.html"), ("乙局", "UI-02/pass.html"), ("丙局", "PI-06/fail-id.html")]):
        deps.append({"name": name, "kind": "provincial", "systems": [{"id": "app", "name": f"{name}掌上办", "service_name": f"{name}掌上办",
                     "pages": [{"id": "home", "name": "首页", "url": f"{base}/{page}"}]}]})
    p = tmp_path / "registry.json"
    p.write_text(json.dumps({"id": "shards", "title": "shards", "departments": deps}, ensure_ascii=False), encoding="utf-8")
    return p


def _index_rows(run: Path) -> list[tuple[str, str]]:
    html = (run / "index.html").read_text(encoding="utf-8")
    return sorted(re.findall(r'<tr data-verdict="([^"]+)"[^>]*data-folder="([^"]+)"', html))


def _outcomes(run: Path) -> dict:
    out = {}
    for f in sorted((run / "results").glob("*.json")):
        r = json.loads(f.read_text(encoding="utf-8"))
        out[f.name] = (r["summary"]["verdict"], r["summary"]["score"],
                       sorted((t["id"], c["id"], c["outcome"]) for t in r["targets"] for c in t["checks"]))
    return out


@pytest.mark.browser
def test_two_shards_merged_are_the_whole_run(fixture_server, tmp_path):
    reg = _registry(tmp_path, fixture_server.http_base)
    for args in ([], ["--shard", "1/2"], ["--shard", "2/2"]):
        name = "whole" if not args else "s" + args[1][0]
        r = _cli("run", "--fail-on", "never", "--registry", str(reg), "--out", str(tmp_path / name), "--concurrency", "2", *SETS, *args)
        assert r.returncode == 0, r.stderr[-2000:]
    s1 = json.loads((tmp_path / "s1" / "run.json").read_text(encoding="utf-8"))["departments"]
    s2 = json.loads((tmp_path / "s2" / "run.json").read_text(encoding="utf-8"))["departments"]
    assert s1 and s2 and not set(s1) & set(s2) and sorted(s1 + s2) == sorted(["甲局", "乙局", "丙局"])
    r = _cli("merge", str(tmp_path / "s1"), str(tmp_path / "s2"), "--out", str(tmp_path / "merged"))
    assert r.returncode == 0, r.stderr[-2000:]
    assert _outcomes(tmp_path / "merged") == _outcomes(tmp_path / "whole")
    assert _index_rows(tmp_path / "merged") == _index_rows(tmp_path / "whole") and len(_index_rows(tmp_path / "whole")) == 3
    for folder in s1 + s2:  # each department's report, screenshots and artifacts came along
        assert (tmp_path / "merged" / "departments" / f"{folder}.html").is_file()
        assert list((tmp_path / "merged" / "assets" / folder).glob("*.jpg"))
        assert list((tmp_path / "merged" / "artifacts" / folder).glob("*.json"))
    merged = json.loads((tmp_path / "merged" / "run.json").read_text(encoding="utf-8"))
    assert [m["shard"] for m in merged["merged_from"]] == ["1/2", "2/2"]
    # A department in two of the folders, or a folder merged into itself, is refused.
    again = _cli("merge", str(tmp_path / "s1"), str(tmp_path / "whole"), "--out", str(tmp_path / "m2"))
    assert again.returncode == 2 and "is in both" in again.stderr
    assert _cli("merge", str(tmp_path / "s1"), str(tmp_path / "s2"), "--out", str(tmp_path / "merged")).returncode == 2


def test_shares_are_deterministic_and_balanced_by_the_previous_durations():
    class D:
        def __init__(self, folder, n):
            self.folder, self._n = folder, n

        def targets(self):
            return [None] * self._n

    deps = [D("a", 1), D("b", 1), D("c", 1), D("d", 1)]
    w = {"a": 9000, "b": 1000, "c": 1000, "d": 7000}
    bins = shards.assign(deps, 2, w)
    assert [[d.folder for d in b] for b in bins] == [["a"], ["b", "c", "d"]]
    assert [[d.folder for d in b] for b in shards.assign(deps, 2, w)] == [["a"], ["b", "c", "d"]]  # the same every time
    assert [[d.folder for d in b] for b in shards.assign(deps, 2, {})] == [["a", "c"], ["b", "d"]]  # by targets alone
    for bad in ("0/2", "3/2", "1", "a/b", ""):
        with pytest.raises(OptionError):
            shards.parse_shard(bad)
