"""The reports as a reviewer uses them, opened from disk in real Chromium: two runs of a small registry served by
the fixture server (one department whose pages carry markup in their title, text, labels and URL, one that
passes, one with no system), the second run with EL-05 relaxed so that it counts as fixed.

Checked: no console error and no request leaving the file (the reports' CSP allows only their own script, and
images from disk), every image loads, sorting and filtering of the index work by clicking and typing, text taken
from pages shows as text and never runs, the department report shows the verdict, readiness, must-fix list,
annotated screenshots with close-ups and the comparison with the previous run, and 附件2 (HTML and .xlsx) holds
the form pages' labels and whole-page screenshots.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from harness.paths import schema_path
from reportview import cut_off

pytestmark = pytest.mark.browser

XSS_DEP = "测试：<b>报告</b>部门"
PAYLOADS = ['<img src=x onerror="window.__xss=5">申请人姓名', '<script>window.__xss=6</script>联系电话',
            '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">']


def _registry(base: str) -> dict:
    return {"id": "report-test", "title": "报告测试登记表 <i>斜体</i>", "departments": [
        {"name": XSS_DEP, "kind": "provincial", "table": "provincial", "seq": 1, "parent": "青海省",
         "systems": [{"id": "app", "name": "测试应用<i>x</i>", "service_name": "测试应用", "pages": [
             {"id": "xss", "name": "申请<script>页</script>", "role": "form", "url": f"{base}/report/xss.html?q=<script>window.__xss=8</script>",
              "item": {"name": "<img src=x onerror=window.__xss=7>事项", "type": "行政许可", "code": "11630000MB2345678Y5000105001"}},
             {"id": "small", "name": "首页", "role": "home", "url": f"{base}/EL-05/fail.html"},
             {"id": "long", "name": "长表单", "role": "form", "url": f"{base}/report/long-form.html",
              "item": {"name": "长表单事项", "type": "公共服务", "code": "11630000MB2345678Y5000105002"}}]}]},
        {"name": "测试：合格部门", "kind": "county", "table": "regional", "seq": 2, "region": "海东市", "parent": "海东市",
         "systems": [{"id": "ok", "name": "合格应用", "pages": [{"id": "home", "name": "首页", "url": f"{base}/UI-02/pass.html"}]}]},
        {"name": "测试：未登记部门", "kind": "provincial", "table": "provincial", "seq": 3, "parent": "青海省"},
    ]}


def _run(reg: Path, out: Path, *extra: str) -> None:
    r = subprocess.run([sys.executable, "-m", "harness.cli", "run", "--fail-on", "never", "--registry", str(reg), "--out", str(out), "--concurrency", "3",
                        "--set", "PF-01.throttling=false", *extra],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]


@pytest.fixture(scope="module")
def runs(tmp_path_factory, fixture_server):
    root = tmp_path_factory.mktemp("reports")
    reg = root / "registry.json"
    reg.write_text(json.dumps(_registry(fixture_server.http_base), ensure_ascii=False), encoding="utf-8")
    _run(reg, root / "run-a")
    _run(reg, root / "run-b", "--set", "EL-05.min_size=10")
    folder = next(p.stem for p in (root / "run-b" / "results").glob("*.json") if "报告" in p.stem)
    return {"root": root, "a": root / "run-a", "b": root / "run-b", "folder": folder}


class Opened:
    """A report opened from disk in a fresh context, with everything it logged and requested."""

    def __init__(self, browser, path: Path, width: int = 1280):
        self.ctx = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.ctx.new_page()
        self.console, self.requests, self.dialogs, self.errors = [], [], [], []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")

    def assert_clean(self):
        assert not [c for c in self.console if c[0] in ("error", "warning")], self.console
        assert not self.errors and not self.dialogs
        leaving = [u for u in self.requests if not u.startswith("file://")]
        assert not leaving, leaving
        broken = self.page.evaluate("() => Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        assert not broken, broken

    def close(self):
        self.ctx.close()


@pytest.fixture
def opened(report_browser):
    pages = []

    def open_(path: Path, width: int = 1280) -> Opened:
        o = Opened(report_browser, path, width)
        pages.append(o)
        return o

    yield open_
    for o in pages:
        o.close()


def test_results_are_schema_valid_and_every_department_is_reported(runs):
    validator = Draft202012Validator(json.loads(schema_path("results").read_text(encoding="utf-8")))
    files = sorted((runs["b"] / "results").glob("*.json"))
    assert len(files) == 3
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        assert not list(validator.iter_errors(data)), f
        assert (runs["b"] / "departments" / f"{data['department']['folder']}.html").is_file()


def test_report_size_stays_within_the_budget(runs):
    """10 MB for a department of 20 pages is 500 kB a page (bench/report_size.py measures 20 pages); here three
    pages, one of them a form 5000 CSS px tall kept whole for 附件2, which since issue 16 is kept sharp at 2 px per
    CSS px (about 400 kB, twice: the page's screenshot and the 附件2 copy): 500 kB more for that form."""
    folder = runs["folder"]
    parts = [runs["b"] / "departments" / f"{folder}.html", runs["b"] / "assets" / folder, runs["b"] / "attachment2" / folder]
    files = [f for p in parts for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file()]
    assert sum(f.stat().st_size for f in files) < 3 * 500_000 + 500_000
    images = [f for f in files if f.suffix.lower() in (".jpg", ".jpeg", ".png")]
    assert images and all(f.suffix == ".jpg" for f in images)


def test_index_lists_sorts_and_filters_in_the_browser(runs, opened):
    o = opened(runs["b"] / "index.html")
    o.assert_clean()
    p = o.page
    rows = lambda: p.eval_on_selector_all("#deps tbody tr:not([hidden])", "rs => rs.map(r => r.querySelector('td.name').innerText)")  # noqa: E731
    assert rows() == [XSS_DEP, "测试：合格部门", "测试：未登记部门"]
    assert p.inner_text("#deps tbody tr[data-verdict=not-audited]").count("未登记自建系统") == 1
    # its counts are "—", not zeros that read as "audited, nothing wrong"
    assert p.eval_on_selector("#deps tbody tr[data-verdict=not-audited]",
                              "r => [...r.querySelectorAll('td.num')].slice(2, 7).map(c => c.innerText.trim())") == ["—"] * 5
    # Sort by score: ascending, then descending; a department without a score stays last both ways.
    score_th = p.locator("#deps thead th", has_text="得分")
    score_th.click()
    assert rows() == [XSS_DEP, "测试：合格部门", "测试：未登记部门"] and score_th.get_attribute("aria-sort") == "ascending"
    score_th.click()
    assert rows() == ["测试：合格部门", XSS_DEP, "测试：未登记部门"] and score_th.get_attribute("aria-sort") == "descending"
    p.locator("#deps thead th", has_text="部门/地区").click()
    assert rows()[0] in (XSS_DEP, "测试：合格部门", "测试：未登记部门") and len(rows()) == 3
    # Filter by typing, and by the verdict, kind and region selectors.
    p.fill("#filter-text", "合格部门")
    assert rows() == ["测试：合格部门"] and p.inner_text("#shown-count") == "1"
    p.fill("#filter-text", "")
    p.select_option("#filter-verdict", "not-audited")
    assert rows() == ["测试：未登记部门"]
    p.select_option("#filter-verdict", "")
    p.select_option("#filter-kind", "county")
    assert rows() == ["测试：合格部门"]
    p.select_option("#filter-kind", "")
    p.select_option("#filter-region", "海东市")
    assert rows() == ["测试：合格部门"] and p.inner_text("#shown-count") == "1"
    p.select_option("#filter-region", "")
    assert len(rows()) == 3
    # The change since run-a: EL-05 fixed on two pages of the first department.
    delta = p.inner_text(f"#deps tbody tr[data-folder='{runs['folder']}'] td:nth-child(13)")
    assert delta.startswith("+")
    assert p.get_attribute("header a[href$='run-a/index.html']", "href")


def test_department_report_reads_at_a_glance(runs, opened):
    data = json.loads((runs["b"] / "results" / f"{runs['folder']}.json").read_text(encoding="utf-8"))
    o = opened(runs["b"] / "departments" / f"{runs['folder']}.html")
    o.assert_clean()
    p = o.page
    sm = data["summary"]
    assert p.inner_text("#verdict") == {"pass": "合格", "fail-score": "不合格（得分低于及格线）", "fail-veto": "不合格（单项否决）"}[sm["verdict"]]
    assert p.inner_text("#score").startswith(f"{sm['score']:g}")
    # 青松办 readiness has its own line, derived from the integration checks measured.
    assert "青松办对接准备情况" in p.inner_text("#readiness")
    # Must-fix list: vetoes first, then by points won back (non-increasing).
    must = p.eval_on_selector_all("#must-fix tbody tr", "rs => rs.map(r => [r.dataset.check, r.children[2].innerText.trim()])")
    failed = {c["id"] for t in data["targets"] for c in t["checks"] if c["outcome"] == "failed"}
    assert {m[0] for m in must} == failed and must
    points = [float(m[1].split()[0].lstrip("+")) for m in must if m[1].startswith("+")]
    assert points == sorted(points, reverse=True)
    assert [m for m in must if not m[1].startswith("+")] == must[: len(must) - len(points)]  # vetoes on top
    # Every check of every page is listed, problems first, with how to fix the failed ones.
    for i, t in enumerate(data["targets"], start=1):
        listed = p.eval_on_selector_all(f"#t-{i}[data-target='{t['id']}'] table.checks tbody tr",
                                        "rs => rs.map(r => [r.dataset.check, r.dataset.outcome])")
        assert sorted(listed) == sorted([c["id"], c["outcome"]] for c in t["checks"])
        outcomes = [o_ for _, o_ in listed]
        assert outcomes[: outcomes.count("failed")] == ["failed"] * outcomes.count("failed")
    assert p.locator("table.checks tr[data-outcome=failed] .fix").count() == sum(
        1 for t in data["targets"] for c in t["checks"] if c["outcome"] == "failed")
    # Annotated screenshots and close-ups load from disk under the CSP.
    shots = p.eval_on_selector_all(".target figure img", "is => is.map(i => [i.getAttribute('src'), i.naturalWidth])")
    assert any(src.endswith("-annotated.jpg") and w > 0 for src, w in shots)
    crops = p.eval_on_selector_all("img.crop", "is => is.map(i => i.naturalWidth)")
    assert crops and all(w > 0 for w in crops)
    markers = p.eval_on_selector_all("ul.ev .marker", "ms => ms.map(m => m.textContent)")  # pages are folded as the report opens
    assert markers[:3] == ["1", "2", "3"]
    # The comparison with the previous run, linked.
    prev = p.inner_text("#previous")
    assert "与上次检查相比" in prev and "已整改" in prev and "EL-05" in prev
    href = p.get_attribute("#previous a", "href")
    assert (o.page.url.rsplit("/", 1)[0] + "/" + href).count("run-a") == 1
    assert (runs["b"] / "departments" / href).resolve().is_file()
    # Nothing is cut off at the right on a 1280 px screen: long selectors and values wrap inside their columns.
    over, width = cut_off(p)
    assert over == [] and width <= 1280, (over, width)
    # In run-a there was no earlier run.
    o2 = opened(runs["a"] / "departments" / f"{runs['folder']}.html")
    assert "首次检查" in o2.page.inner_text("#previous")


def test_text_from_pages_is_shown_as_text_never_as_markup(runs, opened):
    folder = runs["folder"]
    for path in (runs["b"] / "departments" / f"{folder}.html", runs["b"] / "index.html",
                 runs["b"] / "attachment2" / folder / "index.html"):
        o = opened(path)
        o.assert_clean()
        p = o.page
        p.mouse.move(200, 300)
        p.wait_for_timeout(100)
        assert p.evaluate("() => window.__xss") is None, path
        assert p.evaluate("() => document.querySelectorAll('img[src=x], [onerror], [onmouseover], b, i').length") == 0, path
        assert p.evaluate("() => document.scripts.length") <= 1
        p.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")  # as a reviewer unfolds them
        text = p.inner_text("body")
        assert XSS_DEP in text, path
        if path.parent.name == "departments":
            for payload in PAYLOADS[2:]:
                assert payload in text  # the page's <title>, as text
            assert "<script>window.__xss=8</script>" in text  # the URL as registered
            assert "申请<script>页</script>" in text
            assert 'onerror="window.__xss=3"' in text  # evidence text of small type
        if path.parent.parent.name == "attachment2":
            for payload in PAYLOADS[:2]:
                assert payload in text  # form labels, as text
            assert "<img src=x onerror=window.__xss=7>事项" in text
    # The workbook keeps the same text as plain cell values.
    from openpyxl import load_workbook

    xlsx = next((runs["b"] / "attachment2" / folder).glob("*.xlsx"))
    wb = load_workbook(xlsx)
    values = [ws.cell(row=4, column=c).value for ws in wb.worksheets for c in (3, 5)]
    assert "<img src=x onerror=window.__xss=7>事项" in values
    assert any(v and PAYLOADS[0] in v and PAYLOADS[1] in v for v in values)


def test_attachment2_has_the_whole_form_page_and_its_labels(runs, opened):
    folder = runs["folder"]
    art = json.loads(next((runs["b"] / "artifacts" / folder).glob("app__long.json")).read_text(encoding="utf-8"))
    shot = art["screenshot"]
    assert shot["doc_height"] > 4000 and shot["css_height"] >= shot["doc_height"] and not shot["capped"]
    o = opened(runs["b"] / "attachment2" / folder / "index.html")
    o.assert_clean()
    p = o.page
    tables = p.locator("table.a2")
    assert tables.count() == 2
    labels = p.inner_text("table.a2[data-target='app/long'] .a2-labels")
    assert labels == "、".join(f"第{i}项 信息" for i in range(1, 81))
    w, h = p.evaluate("() => { const i = document.querySelector(\"table.a2[data-target='app/long'] .a2-shot img\"); return [i.naturalWidth, i.naturalHeight]; }")
    assert w == 750 and h / w > 4000 / 375 * 0.95  # 2 px per CSS px, the whole page, not cut at 4000 CSS px
    from openpyxl import load_workbook

    wb = load_workbook(next((runs["b"] / "attachment2" / folder).glob("*.xlsx")))
    assert len(wb.worksheets) == 2
    ws = wb.worksheets[1]
    assert (ws["B2"].value, ws["C4"].value, ws["D4"].value) == ("测试应用<i>x</i>", "长表单事项", "公共服务")
    assert ws["E4"].value.startswith("第1项 信息、第2项 信息") and len(ws._images) == 1


def test_harness_diff_lists_fixed_and_newly_failed(runs, tmp_path):
    out = tmp_path / "diff.json"
    r = subprocess.run([sys.executable, "-m", "harness.cli", "diff", str(runs["a"]), str(runs["b"]), "--json", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "run-a → run-b" in r.stdout and "已整改: EL-05" in r.stdout and XSS_DEP in r.stdout
    d = json.loads(out.read_text(encoding="utf-8"))
    dep = next(x for x in d["departments"] if x["folder"] == runs["folder"])
    assert {(i["target"], i["check"]) for i in dep["fixed"]} >= {("app/small", "EL-05")}
    assert not dep["newly_failed"] and dep["delta"] > 0
    r = subprocess.run([sys.executable, "-m", "harness.cli", "diff", str(runs["b"]), str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 2 and "not a run directory" in r.stderr


def test_english_report(runs, tmp_path, opened):
    out = tmp_path / "run-en"
    shutil.copytree(runs["b"], out)
    r = subprocess.run([sys.executable, "-m", "harness.cli", "report", str(out), "--lang", "en"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    o = opened(out / "departments" / f"{runs['folder']}.html")
    o.assert_clean()
    text = o.page.inner_text("body")
    assert "Must fix" in text and "Readiness for the 青松办 integration" in text and "How to fix" in text
    idx = opened(out / "index.html")
    assert idx.page.locator("#deps tbody tr").count() == 3 and "No system registered" in idx.page.inner_text("#deps")
