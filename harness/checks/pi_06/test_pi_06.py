"""PI-06 on hand-made artifacts: numbers in text, form fields and text split over elements; masked evidence."""

from __future__ import annotations

from harness.personal_data import mask, masked_numbers, redact

from tests.checkrun import run
from tests.page_artifacts import art, text


def test_pi06_masks_evidence_and_reads_fields_and_split_text():
    a = art({"texts": [text("身份证 630102198807151232")], "fields": [{"selector": "#m", "value": "13897001234", "box": [0, 0, 1, 1]}],
             "visible_text": "手机\n139 0000 1111"})
    o = run("PI-06", a)
    assert o.outcome == "failed" and o.value == 3
    dump = repr(o.evidence)
    assert "630102198807151232" not in dump and "6*************1232" in dump and "139****1111" in dump
    assert mask("mobile", "+86 13897001234") == "138****1234"


def test_masked_numbers_and_limits():
    got = {(k, r) for k, _, r in masked_numbers("6****************2 138****5678 621700******0122 ****0122")}
    assert got == {("resident_id", 2), ("mobile", 7), ("bank_card", 10)}
    a = art({"visible_text": "手机 138****5678", "texts": [{"selector": "#t", "text": "手机 138****5678", "box": [0, 0, 1, 1]}]})
    assert run("PI-06", a).outcome == "passed"
    o = run("PI-06", a, max_revealed={"resident_id": 2, "mobile": 5, "bank_card": 4})
    assert o.outcome == "failed" and o.evidence[0]["value"] == "masked_mobile" and o.evidence[0]["selector"] == "#t"
    # A kind not looked for is not judged.
    assert run("PI-06", a, patterns=["resident_id"], max_revealed={"mobile": 0}).outcome == "passed"


def test_pi06_bank_card_in_field_and_redaction():
    a = art({"fields": [{"selector": "#c", "value": "6222021234567890128", "box": [0, 0, 1, 1]}]})
    o = run("PI-06", a)
    assert o.outcome == "failed" and o.evidence[0]["text"] == "***************0128" and "form field" in o.evidence[0]["note"]
    assert run("PI-06", a, patterns=["resident_id", "mobile"]).outcome == "passed"
    assert "6222021234567890128" not in redact("卡号 6222021234567890128") and "0128" in redact("卡号 6222021234567890128")
    assert redact("编号 11630000MB1234567X4000117001") == "编号 11630000MB1234567X4000117001"


def test_nothing_found_where_the_walk_could_not_look_is_cant_tell():
    """A frame the DOM walk could not walk, or closed shadow roots it did not search: no pass for what was not seen."""
    from tests.checkrun import run

    dom = {"texts": [{"text": "办事指南", "selector": "p"}], "fields": [], "visible_text": "办事指南",
           "frames": [{"url": "https://x.gov.cn/f.html", "error": "timeout"}]}
    o = run("PI-06", {"target": {"system_kind": "h5"}, "dom": dom})
    assert o.outcome == "cantTell" and "f.html" in o.message and "timeout" in o.message
    dom = {**dom, "frames": [], "closed_shadow_roots": None}
    assert run("PI-06", {"target": {"system_kind": "h5"}, "dom": dom}).outcome == "cantTell"
    dom = {**dom, "closed_shadow_roots": 2, "texts": [{"text": "身份证号 632121195603020043", "selector": "p"}]}
    assert run("PI-06", {"target": {"system_kind": "h5"}, "dom": dom}).outcome == "failed"
    assert run("PI-06", {"target": {"system_kind": "h5"}, "dom": {**dom, "texts": [], "visible_text": ""}}).outcome == "passed"


def test_full_width_attributes_and_flex_rows():
    """全角 digits are the same number (NFKC); a number in a title/aria-label or split over flex items is found."""
    a = art({"texts": [text("身份证 ６３０１０２１９８８０７１５１２３２")]})
    o = run("PI-06", a)
    assert o.outcome == "failed" and o.evidence[0]["text"] == "6*************1232" and "６３０１" not in repr(o.evidence)
    a = art({"attr_texts": [{"selector": "#t", "attribute": "aria-label", "text": "手机 13897001234", "box": [0, 0, 1, 1]}],
             "joined_texts": [{"selector": "#r", "text": "身份证号：630102198807151232", "box": [0, 0, 1, 1]}]})
    o = run("PI-06", a)
    assert o.outcome == "failed" and o.value == 2
    assert {e["selector"]: e["note"] for e in o.evidence} == {"#t": "in its aria-label attribute", "#r": "split over the items of a flex/grid row; check digit valid"}
    # Items standing apart are joined with " | ": two numbers, not one.
    assert run("PI-06", art({"joined_texts": [{"selector": "#r", "text": "630102 | 198807151232", "box": [0, 0, 1, 1]}]})).outcome == "passed"
