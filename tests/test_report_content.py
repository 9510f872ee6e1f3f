"""The report's pure parts on hand-made data: evidence boxes drawn where the evidence says, close-ups, personal
data pixelated, category scores, the must-fix order and projections, 青松办 readiness, the run-to-run diff and
the previous-run lookup, 附件2 field labels and workbook layout, and the province-wide index of a registry
where no department has a system (107 rows, no browser)."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from harness import checklist as checklist_mod
from harness import registry as registry_mod
from harness.report import annotate, attachment2, diff, summary
from harness.report import index_rows

RED = annotate.COLOURS["failed"]


def _jpeg(w: int, h: int, colour=(255, 255, 255)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), colour).save(buf, "JPEG", quality=95)
    return buf.getvalue()


def _near(px, colour, tol=60) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(px, colour))


def chk(cid, outcome, deducted=0, veto=False, evidence=None, **kw):
    return {"id": cid, "outcome": outcome, "deducted": deducted, "veto": veto, "weight": deducted,
            "evidence": evidence or [], "message": "", "message_zh": "", **kw}


def target(tid, checks, score=None, verdict="pass", page=None):
    return {"id": tid, "system": tid.split("/")[0], "system_name": "应用", "page": page or tid.split("/")[1], "url": f"https://x/{tid}",
            "status": "done", "checks": checks, "score": score, "verdict": verdict, "vetoes": [c["id"] for c in checks if c["veto"] and c["outcome"] == "failed"],
            "counts": {o: sum(1 for c in checks if c["outcome"] == o) for o in ("passed", "failed", "cantTell", "inapplicable", "untested", "error")}}


def department(targets, score=None, verdict="pass", folder="dep"):
    return {"department": {"folder": folder, "display_name": "部门", "name": "部门", "key": "部门", "kind": "provincial", "systems": []},
            "run": {"id": "r", "started": "2026-01-01T00:00:00+0000"}, "targets": targets,
            "summary": {"score": score, "verdict": verdict, "targets": len(targets), "counts": {}, "vetoes": []}}


@pytest.fixture(scope="module")
def cl():
    return checklist_mod.load()


def only(cl, *ids):
    """A copy of the checklist with only these checks (unit tests must not depend on the rest of the checklist)."""
    small = copy.copy(cl)
    small.checks = [c for c in cl.checks if c.id in ids]
    return small


# ---------------------------------------------------------------- annotated evidence

def test_boxes_numbered_in_order_capped_per_check_and_only_at_device_width():
    checks = [chk("EL-05", "failed", evidence=[{"box": [i, 0, 10, 10]} for i in range(20)]),
              chk("UI-01", "failed", evidence=[{"box": [0, 0, 500, 10], "width": 320}, {"box": [0, 0, 500, 10], "width": 375}]),
              chk("TX-01", "passed", evidence=[{"box": [0, 0, 5, 5]}]),
              chk("PI-06", "cantTell", evidence=[{"box": [1, 2, 0, 5]}, {"selector": "p"}, {"box": [5, 6, 7, 8]}])]
    boxes = annotate.boxes_for(checks, 375)
    assert [b["n"] for b in boxes] == list(range(1, 15))
    assert [b["check"] for b in boxes].count("EL-05") == annotate.BOXES_PER_CHECK
    assert [(b["check"], b["box"]) for b in boxes[12:]] == [("UI-01", [0, 0, 500, 10]), ("PI-06", [5, 6, 7, 8])]
    assert checks[1]["evidence"][1]["marker"] == 13 and "marker" not in checks[1]["evidence"][0]
    assert boxes[-1]["outcome"] == "cantTell"


def test_annotate_draws_the_box_where_the_evidence_is_and_keeps_the_size_for_reading():
    # A 375 × 1000 CSS px page at DPR 2; one box at x 100–150, y 300–340 CSS px.
    raw = _jpeg(750, 2000)
    out = Image.open(io.BytesIO(annotate.annotate(raw, [{"n": 7, "outcome": "failed", "box": [100, 300, 50, 40]}], 2.0)))
    assert out.format == "JPEG" and out.width == annotate.OVERVIEW_WIDTH and out.height == int(2000 * annotate.OVERVIEW_WIDTH / 750)
    k = annotate.OVERVIEW_WIDTH / 375
    assert _near(out.getpixel((int(100 * k), int(320 * k))), RED)       # left edge of the box
    assert _near(out.getpixel((int(150 * k), int(330 * k))), RED)       # right edge
    assert _near(out.getpixel((int(125 * k), int(330 * k))), (255, 255, 255))  # inside stays as it was
    assert _near(out.getpixel((int(300 * k), int(800 * k))), (255, 255, 255))  # far away untouched
    # The number label sits just above the box's top-left corner.
    assert _near(out.getpixel((int(100 * k) + 2, int(300 * k) - 4)), RED)


def test_annotate_marks_the_screen_edge_of_an_over_wide_page():
    raw = _jpeg(2000, 1334)  # 1000 CSS px wide layout at DPR 2, screen 375
    out = Image.open(io.BytesIO(annotate.annotate(raw, [], 2.0, edge=375)))
    assert annotate.OVERVIEW_WIDTH < out.width <= 2 * annotate.OVERVIEW_WIDTH
    x = int(375 * out.width / 1000)
    blue = lambda p: p[2] - p[0] > 50  # noqa: E731
    dashed = [any(blue(out.getpixel((x + dx, y))) for dx in (-1, 0, 1)) for y in range(60, 400)]
    assert 0.4 < sum(dashed) / len(dashed) < 0.8  # a dashed line at the screen edge
    assert not any(blue(out.getpixel((x + 40, y))) for y in range(60, 400))


def test_crop_is_a_small_close_up_with_the_box_outlined():
    raw = _jpeg(750, 4000)
    c = Image.open(io.BytesIO(annotate.crop(raw, [150, 1000, 20, 20], 2.0, number=3)))
    assert c.width <= annotate.CROP_WIDTH and c.height <= annotate.CROP_HEIGHT
    # At least 200 CSS px of context around a 20 px button: the box is in the middle.
    assert _near(c.getpixel((c.width // 2 - int(10 * c.width / 200), c.height // 2)), RED)
    with pytest.raises(ValueError):
        annotate.crop(raw, [0, 5000, 10, 10], 2.0)
    tall = Image.open(io.BytesIO(annotate.crop(raw, [0, 0, 375, 1800], 2.0)))
    assert tall.height <= annotate.CROP_HEIGHT


def test_personal_data_is_pixelated_in_the_stored_screenshot():
    img = Image.new("RGB", (750, 400), "white")
    from PIL import ImageDraw

    d = ImageDraw.Draw(img)
    for i in range(18):  # digit-like strokes in the box at CSS [50, 50, 150, 20]
        d.line([(100 + i * 16, 104), (100 + i * 16 + 6, 136)], fill="black", width=3)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    checks = [chk("PI-06", "failed", evidence=[{"box": [50, 50, 150, 20], "text": "6*****1232", "personal": True}]), chk("EL-05", "failed", evidence=[{"box": [0, 0, 10, 10]}])]
    out = annotate.redact_personal(buf.getvalue(), checks, 2.0, 375)
    before = ImageStat.Stat(img.crop((100, 100, 400, 140)).convert("L")).stddev[0]
    after_img = Image.open(io.BytesIO(out))
    after = ImageStat.Stat(after_img.crop((100, 100, 400, 140)).convert("L")).stddev[0]
    assert after < before * 0.6
    assert _near(after_img.getpixel((600, 300)), (255, 255, 255), 10)
    assert annotate.redact_personal(buf.getvalue(), checks[1:], 2.0, 375) == buf.getvalue()


# ---------------------------------------------------------------- department summary

def test_must_fix_vetoes_first_then_points_with_projected_scores(cl):
    t1 = target("a/home", [chk("PI-06", "failed", 0, True), chk("SE-01", "failed", 10), chk("AX-03", "failed", 2), chk("EL-05", "failed", 5)], 83, "fail-veto")
    t2 = target("a/form", [chk("PI-06", "passed"), chk("SE-01", "failed", 10), chk("AX-03", "passed"), chk("EL-05", "failed", 5)], 85, "fail-score")
    t2["verdict"] = "pass"
    data = department([t1, t2], 84, "fail-veto")
    items = summary.must_fix(data, cl)
    assert [m["id"] for m in items] == ["PI-06", "SE-01", "EL-05", "AX-03"]
    # the department as one site (issue 16): SE-01 failed on both pages deducts 10 once, so fixing it wins back 10
    assert items[0]["veto"] and items[0]["after"] == {"score": 83.0, "verdict": "pass"}
    assert items[1]["points_department"] == 10 and items[1]["points"] == 20 and items[1]["targets"] == ["a/home", "a/form"]
    assert items[2]["points_department"] == 5 and items[3]["points_department"] == 2
    assert [m["deduction"] for m in items] == [0, 10, 5, 2]
    assert [m["after"]["score"] for m in items] == [83.0, 93.0, 98.0, 100.0]


def test_projection_of_a_page_scored_below_zero_is_clamped(cl):
    many = [chk(f"X-{i:02d}", "failed", 30) for i in range(5)]
    for c in many:
        c["id"] = "SE-01" if c is many[0] else c["id"]
    data = department([target("a/b", many, 0, "fail-score")], 0, "fail-score")
    m = summary.must_fix(data, cl)
    se = next(x for x in m if x["id"] == "SE-01")
    assert se["points_department"] == 0  # 150 points lost; fixing 30 of them still leaves 0
    assert se["deduction"] == 30  # ... so the report shows what it deducts (扣 30 分) rather than "+0"


def test_category_scores_and_verdict_reason(cl):
    cl = only(cl, "AV-01", "UI-01", "UI-02", "PI-09", "IN-02")
    t1 = target("a/home", [chk("UI-01", "failed", 5), chk("UI-02", "passed"), chk("PI-09", "failed", 0, True), chk("IN-02", "error")], 95, "fail-veto")
    t2 = target("a/form", [chk("UI-01", "passed"), chk("UI-02", "failed", 3), chk("PI-09", "passed"), chk("IN-02", "cantTell")], 97, "pass")
    data = department([t1, t2], 96, "fail-veto")
    data["summary"]["vetoes"] = ["PI-09"]
    cats = {c["key"]: c for c in summary.category_scores(data, cl)}
    assert cats["layout"]["max"] == 8 and cats["layout"]["lost"] == 4 and cats["layout"]["score"] == 4
    assert cats["layout"]["counts"]["failed"] == 2 and cats["layout"]["checks"] == 2
    assert cats["privacy"]["vetoes"] == ["PI-09"] and cats["privacy"]["max"] == 0
    assert cats["integration"]["counts"]["error"] == 1 and cats["integration"]["counts"]["cantTell"] == 1
    assert list(cats)[:2] == ["availability", "layout"]
    assert "单项否决" in summary.verdict_reason(data, cl) and "PI-09" in summary.verdict_reason(data, cl, "en")
    data["summary"].update(verdict="fail-score", score=55.5)
    assert summary.verdict_reason(data, cl) == "得分 55.5 低于及格线 60"


def hosted(t, platform="qingsongban"):
    """``t`` marked as opened in a host platform (its results record's ``platform``)."""
    t["platform"] = platform
    return t


def test_readiness_is_derived_from_the_integration_checks_present(cl):
    def dep(*outcomes):
        return department([hosted(target("a/p", [chk("IN-02", o), chk("UI-01", "failed", 5)])) for o in outcomes])

    assert summary.readiness(dep("passed", "passed"), cl)["state"] == "ready"
    r = summary.readiness(dep("passed", "failed"), cl)
    assert r["state"] == "not-ready" and r["failed"] == ["IN-02"]
    assert summary.readiness(dep("passed", "error"), cl)["state"] == "unverified"
    assert summary.readiness(dep("cantTell"), cl)["state"] == "unverified"
    assert summary.readiness(dep("inapplicable"), cl)["state"] == "none"
    assert summary.readiness(department([]), cl)["state"] == "not-audited"
    # A white screen passes IN-02 trivially: not ready, nothing proven.
    blank = department([hosted(target("a/p", [chk("AV-02", "failed", 41), chk("IN-02", "passed")]))])  # a deduction that fails alone
    r = summary.readiness(blank, cl)
    assert r["state"] == "unverified" and r["blocked"] == ["AV-02"]
    # A check added later to the integration category (issue 4's bridge checks) counts without code changes.
    more = copy.copy(cl)
    more.checks = list(cl.checks) + [checklist_mod.Check(id="IN-09", title_zh="桥接调用", title_en="bridge", category="integration",
                                                          sources=[], weight=5, veto=False, mode="automatic", method=None, params={})]
    data = dep("passed")
    data["targets"][0]["checks"].append(chk("IN-09", "error"))
    r = summary.readiness(data, more)
    assert r["state"] == "unverified" and r["errors"] == ["IN-09"] and r["checks"] == ["IN-02", "IN-09"]
    assert summary.readiness(data, cl)["state"] == "ready"  # the default checklist does not know IN-09


def test_category_table_scores_only_measured_checks(cl):
    """Seven privacy checks unmeasured on a page no longer show as full marks: the category's points at stake are
    those of the checks decided there, and the unmeasured and inapplicable ones are counted."""
    cl = only(cl, "PI-01", "PI-03", "PI-04", "PI-05", "PI-06", "PI-07", "PI-09", "UI-01")
    w = {c.id: c.weight for c in cl.checks}
    t1 = target("a/home", [chk(i, "error") for i in ("PI-01", "PI-03", "PI-04", "PI-05", "PI-06", "PI-07", "PI-09")]
                + [chk("UI-01", "passed")], 100, "incomplete")
    data = department([t1], 100, "incomplete")
    cats = {c["key"]: c for c in summary.category_scores(data, cl)}
    privacy = cats["privacy"]
    assert privacy["max"] is None and privacy["score"] is None and privacy["lost"] is None  # not 28/28: nothing was measured
    assert privacy["max_all"] == sum(w[i] for i in w if i.startswith("PI")) and privacy["unmeasured"] == 7 and privacy["measured"] == 0
    # a second page that measured two of them: the category is scored over those two only
    t2 = target("a/form", [chk("PI-01", "failed", w["PI-01"]), chk("PI-05", "passed"), chk("PI-07", "inapplicable"),
                           chk("PI-03", "error"), chk("UI-01", "passed")], 100 - w["PI-01"], "pass")
    data = department([t1, t2], 97.5, "incomplete")
    privacy = {c["key"]: c for c in summary.category_scores(data, cl)}["privacy"]
    assert privacy["max"] == w["PI-01"] + w["PI-05"] and privacy["lost"] == w["PI-01"] and privacy["score"] == w["PI-05"]
    assert privacy["measured"] == 2 and privacy["unmeasured"] == 8 and privacy["inapplicable"] == 1 and privacy["counts"]["error"] == 8


def test_incomplete_verdict_reason_names_the_unmeasured_vetoes_and_why(cl):
    c = chk("PI-09", "error", 0, True, message="gatherer 'dom' failed: the page stopped answering", message_zh="无法检测：gatherer 'dom' failed")
    t = target("a/home", [c, chk("AV-01", "passed", 0, True), chk("UI-01", "passed")], 100, "incomplete", page="首页")
    t.update(measured={"automatic": 3, "measured": 2, "decided": 2, "unmeasured": 1, "inapplicable": 0, "manual": 0},
             unmeasured_vetoes=["PI-09"], incomplete_reasons=["veto-unmeasured"])
    data = department([t], 100, "incomplete")
    data["summary"].update(measured=t["measured"], unmeasured_vetoes=["PI-09"])
    zh, en = summary.verdict_reason(data, cl), summary.verdict_reason(data, cl, "en")
    assert zh.startswith("待复核，不能判定合格：单项否决项 PI-09") and "无法检测（应用 · 首页：无法检测：gatherer 'dom' failed）" in zh
    assert "检测了 2/3 项自动检查" in zh and "仅供参考" in zh
    assert en.startswith("incomplete, cannot pass: veto PI-09") and "not measured (应用 · 首页: gatherer 'dom' failed" in en and "Measured 2 of 3" in en
    u = summary.unmeasured_vetoes(data, cl)
    assert [(x["id"], [p["target"] for p in x["pages"]]) for x in u] == [("PI-09", ["a/home"])]
    # too little measured on a page, and a page not audited yet
    t.update(incomplete_reasons=["coverage"], unmeasured_vetoes=[])
    c["outcome"] = "passed"
    data["summary"]["targets"] = 2
    zh = summary.verdict_reason(data, cl)
    assert "应用 · 首页 仅检测了 2/3 项自动检查（少于 50%）" in zh and "1 个页面尚未检测" in zh


def test_fixing_failures_never_projects_an_incomplete_page_to_pass(cl):
    t = target("a/home", [chk("PI-06", "error", 0, True), chk("SE-01", "failed", 10)], 90, "incomplete")
    t.update(incomplete_reasons=["veto-unmeasured"], unmeasured_vetoes=["PI-06"])
    data = department([t], 90, "incomplete")
    (m,) = summary.must_fix(data, cl)
    assert m["id"] == "SE-01" and m["after"] == {"score": 100.0, "verdict": "incomplete"}
    t2 = target("a/form", [chk("SE-01", "failed", 10)], 90, "pass")
    t2.update(incomplete_reasons=[])
    down = target("a/down", [chk("AV-02", "error", 0, True)], None, "error")
    assert summary.must_fix(department([t2, down], 90, "incomplete"), cl)[0]["after"]["verdict"] == "incomplete"
    assert summary.must_fix(department([t2], 90, "pass"), cl)[0]["after"]["verdict"] == "pass"


def test_readiness_without_a_host_platform_is_not_assessed_never_ready(cl):
    plain = lambda: target("a/p", [chk("IN-02", "passed"), chk("IN-08", "passed"), chk("IN-01", "inapplicable")])  # noqa: E731
    # no platform on the page, none in the department record either
    r = summary.readiness(department([plain()]), cl)
    assert r["state"] == "not-assessed" and r["unhosted"] == ["应用"] and r["passed"] == []
    t = plain()
    t["platform"] = None
    assert summary.readiness(department([t]), cl)["state"] == "not-assessed"
    # results written before targets recorded their platform: the department record's system says it
    data = department([plain()])
    data["department"]["systems"] = [{"id": "a", "name": "应用", "platform": "qingsongban"}]
    assert summary.readiness(data, cl)["state"] == "ready"
    data["department"]["systems"][0]["platform"] = None
    assert summary.readiness(data, cl)["state"] == "not-assessed"
    # one system hosted and ready, another with no host: the department is not assessed, not ready
    other = target("b/p", [chk("IN-02", "passed")])
    other["platform"] = None
    both = department([hosted(plain()), other])
    r = summary.readiness(both, cl)
    assert r["state"] == "not-assessed" and r["unhosted"] == ["应用"] and r["passed"] == ["IN-02", "IN-08"]
    # hosted, but only a readiness-list extra (NV-01, not of the integration category) passed: nothing to call ready
    extra = department([hosted(target("a/p", [chk("NV-01", "passed"), chk("IN-01", "inapplicable")]))])
    assert summary.readiness(extra, cl)["state"] == "none"
    # an unmeasured platform check leaves it unverified
    pe = department([hosted(target("a/p", [chk("IN-02", "passed"), chk("IN-01", "error")]))])
    assert summary.readiness(pe, cl)["state"] == "unverified"


def test_review_items_list_manual_semi_and_cant_tell(cl):
    cl = only(cl, "EL-03", "UI-01")
    more = copy.copy(cl)
    more.checks = list(cl.checks) + [checklist_mod.Check(id="MA-01", title_zh="人工项", title_en="manual", category="layout",
                                                          sources=[], weight=0, veto=False, mode="manual", method=None, params={})]
    data = department([target("a/p", [chk("EL-03", "cantTell", message_zh="待定"), chk("UI-01", "failed", 5), chk("MA-01", "untested")])])
    items = summary.review_items(data, more)
    assert [(i["id"], i["mode"]) for i in items] == [("EL-03", "automatic"), ("MA-01", "manual")]
    assert items[0]["pages"][0]["message"] == "待定" and items[1]["pages"][0]["outcome"] == "untested"


def test_problem_order():
    cs = [chk("A", "passed"), chk("B", "failed", 3), chk("C", "error"), chk("D", "failed", 0, True), chk("E", "cantTell"), chk("F", "failed", 5)]
    assert [c["id"] for c in summary.problem_order(cs)] == ["D", "F", "B", "E", "C", "A"]


# ---------------------------------------------------------------- diff and previous run

def test_diff_department_newly_failed_fixed_unresolved():
    old = department([target("s/a", [chk("UI-01", "failed", 5), chk("EL-05", "failed", 5), chk("TX-01", "passed"), chk("SE-01", "failed", 10)]),
                      target("s/gone", [chk("UI-01", "failed", 5)])], 80)
    new = department([target("s/a", [chk("UI-01", "passed"), chk("EL-05", "failed", 5), chk("TX-01", "failed", 5), chk("SE-01", "error")]),
                      target("s/new", [chk("UI-01", "failed", 5)])], 85.5)
    d = diff.diff_department(old, new)
    assert [(i["target"], i["check"]) for i in d["newly_failed"]] == [("s/a", "TX-01"), ("s/new", "UI-01")]
    assert [(i["target"], i["check"]) for i in d["fixed"]] == [("s/a", "UI-01")]
    assert [(i["check"], i["now"]) for i in d["unresolved"]] == [("SE-01", "error")]
    assert d["still_failed"] == 1 and d["delta"] == 5.5
    assert d["targets_added"] == ["s/new"] and d["targets_removed"] == ["s/gone"]
    text = diff.format_text({"old": "A", "new": "B", "departments": [d]})
    assert "新增不通过: TX-01" in text and "已整改: UI-01" in text and "80 → 85.5 (+5.5)" in text


def _fake_run(root: Path, name: str, started: str, registry="reg", folders=("dep",)):
    d = root / name
    (d / "results").mkdir(parents=True)
    (d / "run.json").write_text(json.dumps({"id": name, "started": started, "registry": {"id": registry}, "departments": list(folders)}))
    for f in folders:
        (d / "results" / f"{f}.json").write_text("{}")
    return d


def test_previous_run_is_the_latest_earlier_run_of_the_same_registry(tmp_path):
    _fake_run(tmp_path, "run-1", "2026-01-01T10:00:00+0800")
    r2 = _fake_run(tmp_path, "run-2", "2026-01-02T10:00:00+0800")
    _fake_run(tmp_path, "run-x", "2026-01-02T11:00:00+0800", registry="other")
    _fake_run(tmp_path, "run-y", "2026-01-02T12:00:00+0800", folders=("another",))
    me = _fake_run(tmp_path, "run-3", "2026-01-03T10:00:00+0800")
    _fake_run(tmp_path, "run-4", "2026-01-04T10:00:00+0800")
    (tmp_path / "latest").symlink_to("run-4")
    assert diff.previous_run(me, "dep") == r2
    assert diff.previous_run(me) == tmp_path / "run-y"
    assert diff.previous_run(tmp_path / "run-1", "dep") is None


# ---------------------------------------------------------------- 附件2

def _field(label=None, source=None, type="text", name=None, visible=True, form=0, **kw):
    return {"label": label or "", "label_source": source, "type": type, "name": name, "visible": visible, "form": form, **kw}


def test_form_fields_labels_groups_and_unlabelled():
    dom = {"fields": [
        _field("* 申请人姓名：", "label", name="n"),
        _field("", None, name="idno", near_text="身份证号"),
        _field("男", "label", "radio", "sex", group_label="性别"),
        _field("女", "label", "radio", "sex", group_label="性别"),
        _field("已婚", "label", "radio", "mar"), _field("未婚", "label", "radio", "mar"),
        _field("同意", "label", "checkbox", "agree"),
        _field("", None, name="x"),
        _field("隐藏的", "label", name="h", visible=False),
        _field("联系电话", "placeholder", "tel", "tel"),
    ]}
    fs = attachment2.form_fields(dom)
    assert [(f["label"], f["source"]) for f in fs] == [("申请人姓名", "label"), ("身份证号", "nearby-text"), ("性别", "group"),
                                                        ("已婚/未婚", "options"), ("", None), ("联系电话", "placeholder")]
    assert attachment2.join_labels(fs) == "申请人姓名、身份证号、性别、已婚/未婚、（无标签：x）、联系电话"
    hidden_only = attachment2.form_fields({"fields": [_field("第二步", "label", visible=False)]})
    assert [f["label"] for f in hidden_only] == ["第二步"]


def test_workbook_one_sheet_per_item_laid_out_like_the_notice():
    items = [{"n": i + 1, "name": name, "type": "行政许可", "code": "", "page": "表单", "url": "https://x/form", "target": f"s/f{i}",
              "fields": [], "labels": "姓名、性别", "shot": None, "capped": False, "problem": None}
             for i, name in enumerate(["营业执照办理", "营业执照办理", "a/b:c*d?[e]" * 4])]
    system = {"id": "s", "name": "某某掌上办", "address": "https://x/", "items": items}
    data = attachment2.workbook(system, {"s/f0": _jpeg(600, 1500)})
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    assert len(wb.sheetnames) == 3 and len(set(wb.sheetnames)) == 3 and all(len(n) <= 31 for n in wb.sheetnames)
    ws = wb.worksheets[0]
    assert ws["A1"].value == "自建网上办事系统信息表"
    assert (ws["A2"].value, ws["B2"].value, ws["D2"].value, ws["E2"].value) == ("系统名称", "某某掌上办", "互联网访问地址", "https://x/")
    assert [ws.cell(row=3, column=c).value for c in range(1, 8)] == ["系统办理事项信息", *attachment2.HEADERS]
    assert [ws.cell(row=4, column=c).value for c in range(2, 6)] == [1, "营业执照办理", "行政许可", "姓名、性别"]
    assert {"A3:A4", "B2:C2", "E2:G2"} <= {str(r) for r in ws.merged_cells.ranges}
    assert any("每个事项一张表" in str(ws.cell(row=r, column=1).value) for r in range(5, 12))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = [n for n in z.namelist() if n.startswith("xl/media/")]
        assert len(media) == 1 and media[0].endswith(".jpeg")  # the JPEG is embedded as is, not converted to PNG
        drawing = z.read("xl/drawings/drawing1.xml").decode()
        assert "<from><col>5</col><colOff>0</colOff><row>3</row>" in drawing  # anchored at F4
            # Fitted to its cell: the 600 × 1500 px picture inside the 355 px × 409 pt (545 px) cell, less 8 px.
        assert 'cx="2038350"' in drawing and 'cy="5114925"' in drawing  # 214 × 537 px (9525 EMU per px)
    assert attachment2.fit(600, 1500, 347, 537.33) == (214, 537)
    assert ws.column_dimensions["F"].width == attachment2.SHOT_COL_WIDTH and ws.row_dimensions[4].height == 409
    with pytest.raises(ValueError):  # no placeholder workbook for a system without service items
        attachment2.workbook({**system, "items": []}, {})


def test_portal_websites_have_no_attachment2(tmp_path):
    data = {"department": {"systems": [{"id": "site", "name": "门户网站", "kind": "website"},
                                       {"id": "app", "name": "掌上办", "kind": "h5"}]}, "targets": []}
    assert [(s["id"], s["items"]) for s in attachment2.collect(tmp_path, data)] == [("app", [])]


def test_fields_that_are_no_applicant_information_are_left_out():
    """附件2 注 2: what the applicant fills in and submits. Passwords, captcha and SMS codes and consent boxes are not."""
    dom = {"fields": [
        _field("姓名", "label", name="name"),
        _field("密码", "label", "password", "pwd"),
        _field("", None, name="imgcode", placeholder="请输入图形验证码"),
        _field("短信验证码", "label", name="sms"),
        _field("", None, name="captcha"),
        _field("", None, name="otp", autocomplete="one-time-code"),
        _field("", None, "checkbox", "agree", after_text="我已阅读并同意《用户服务协议》"),
        _field("本人承诺所填信息真实有效", "label", "checkbox", "promise"),
        _field("是否残疾人", "label", "checkbox", "disabled"),
        _field("联系电话", "label", "tel", "tel"),
    ]}
    assert attachment2.join_labels(attachment2.form_fields(dom)) == "姓名、是否残疾人、联系电话"


def test_fields_of_an_item_on_several_pages_merge_in_order_without_repeats():
    a = attachment2.form_fields({"fields": [_field("姓名", "label", name="n"), _field("身份证号", "label", name="id"),
                                            _field("", None, name="x")]})
    b = attachment2.form_fields({"fields": [_field("身份证号", "label", name="id2"), _field("地址", "label", name="addr"),
                                            _field("", None, name="x"), _field("", None, name="y")]})
    assert attachment2.join_labels(attachment2.merge_fields(a, b)) == "姓名、身份证号、（无标签：x）、地址、（无标签：y）"


# ---------------------------------------------------------------- province-wide index, nothing to load

def test_registry_without_systems_lists_every_department_as_not_audited_without_a_browser(tmp_path, monkeypatch):
    from harness import engine
    from harness.runner import RunConfig, run

    async def no_browser(*a, **k):
        raise AssertionError("a browser was started although nothing is to be loaded")

    monkeypatch.setattr(engine, "start_browser", no_browser)
    monkeypatch.setattr(engine.Auditor, "__aenter__", no_browser)
    reg = registry_mod.default_path()
    # In a thread of its own: another test module's sync Playwright may own this thread's event loop.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        plan, results = pool.submit(run, RunConfig(registry=str(reg), out=str(tmp_path / "run")), None).result(timeout=300)
    assert len(results) == 107 and all(r["summary"]["verdict"] == "not-audited" for r in results)
    html = (tmp_path / "run" / "index.html").read_text(encoding="utf-8")
    assert html.count('data-verdict="not-audited"') == 107
    assert "省公安厅" in html and "西宁市" in html and "未登记自建系统" in html
    rows = index_rows(tmp_path / "run", [], plan.checklist, registry_mod.load(reg))
    assert len(rows) == 107 and {r["summary"]["verdict"] for r in rows} == {"not-audited"} and all(r["href"] is None for r in rows)


def test_stored_screenshot_is_sized_for_reading():
    meta = {"scale": 2.0, "layout_width": 375, "css_width": 375, "css_height": 1000, "width": 750, "height": 2000}
    data, m = annotate.prepare_screenshot(_jpeg(750, 2000), meta, [], 375)
    img = Image.open(io.BytesIO(data))
    assert img.format == "JPEG" and img.size == (562, 1500) and m["scale"] == round(562 / 375, 4) and m["captured_scale"] == 2.0
    # A page without a viewport meta is laid out 980 CSS px wide: kept at 1 px per CSS px so its small type stays legible.
    wide = {"scale": 2.0, "layout_width": 980, "css_width": 1120, "css_height": 2000, "width": 2240, "height": 4000}
    data, m = annotate.prepare_screenshot(_jpeg(2240, 4000), wide, [], 375)
    assert Image.open(io.BytesIO(data)).size == (1120, 2000) and m["scale"] == 1.0
    # A DPR 1 screenshot is stored as taken.
    raw = _jpeg(375, 1000)
    one = {"scale": 1.0, "layout_width": 375, "css_width": 375}
    assert annotate.prepare_screenshot(raw, one, [], 375) == (raw, one)


def test_registered_sections_render_in_the_department_report(tmp_path, cl, monkeypatch):
    """The extension point issues 4 and 6 use: a section module registers a Section with its template."""
    from jinja2 import ChoiceLoader, DictLoader

    from harness import report
    from harness.report import sections

    env = report._env()
    monkeypatch.setattr(env, "loader", ChoiceLoader([env.loader, DictLoader({
        "section_t5.html": '<p class="t5-dep">{{ ctx.n }} {{ s.score }} {{ lang }}</p>',
        "section_t5t.html": '<p class="t5-target">{{ ctx.id }}</p>'})]))
    monkeypatch.setitem(sections.SECTIONS, "t5", sections.Section("t5", "section_t5.html", "department",
                                                                   lambda d, t, c, lang, out: {"n": len(d["targets"])}))
    monkeypatch.setitem(sections.SECTIONS, "t5t", sections.Section("t5t", "section_t5t.html", "target",
                                                                    lambda d, t, c, lang, out: {"id": t["id"]} if t["id"] != "a/skip" else None))
    data = department([target("a/home", [chk("UI-01", "failed", 5)], 95, "pass"), target("a/skip", [chk("UI-01", "passed")], 100)], 97.5)
    data["run"].update(checklist={"id": "c", "version": "1"}, device={"name": "mobile-375", "viewport": {"width": 375, "height": 667},
                                                                      "device_scale_factor": 2})
    html = report.render_department(tmp_path, data, cl).read_text(encoding="utf-8")
    assert '<section id="sec-t5"><p class="t5-dep">2 得分 zh</p></section>' in html
    assert html.count('class="t5-target"') == 1 and '<p class="t5-target">a/home</p>' in html


def test_labels_of_the_same_element_are_joined_and_labels_never_cover_each_other():
    raw = _jpeg(750, 400)
    boxes = [{"n": 1, "outcome": "failed", "box": [10, 100, 300, 20]}, {"n": 2, "outcome": "failed", "box": [10, 100, 300, 20]},
             {"n": 3, "outcome": "cantTell", "box": [10, 100, 50, 50]}]
    out = Image.open(io.BytesIO(annotate.annotate(raw, boxes, 2.0)))
    k = annotate.OVERVIEW_WIDTH / 375
    # "1,2" in one red label at the top-left corner, "3" in an orange one beside it, not on top of it.
    row = [out.getpixel((x, int(100 * k) - 6)) for x in range(int(10 * k), int(10 * k) + 80)]
    red = [i for i, p in enumerate(row) if _near(p, RED, 50)]
    orange = [i for i, p in enumerate(row) if _near(p, annotate.COLOURS["cantTell"], 50)]
    assert red and orange and min(orange) > max(i for i in red if i < min(orange))


def test_locale_catalogues_have_the_same_keys():
    from harness.report.strings import STRINGS

    def keys(d, prefix=""):
        return {prefix + k for k in d} | {x for k, v in d.items() if isinstance(v, dict) for x in keys(v, f"{prefix}{k}.")}

    assert keys(STRINGS["zh"]) == keys(STRINGS["en"]), keys(STRINGS["zh"]) ^ keys(STRINGS["en"])
