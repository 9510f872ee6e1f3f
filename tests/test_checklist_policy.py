"""The default checklist as a whole: its checks declared completely (modes, methods, fixes, sources, titles,
parameter descriptions and units) and parameter overrides validated."""

from __future__ import annotations

import pytest

from harness import checklist as checklist_mod

from tests.checkrun import checklist

CL = checklist()


def test_half_a_checks_declared_completely():
    ids = {"AV-03", "NV-03", "PF-01", "PF-02", "UI-03", "UI-04", "UI-05", "UI-06", "EL-02", "EL-06", "EL-07", "EL-08", "EL-10", "CT-01"}
    by = CL.by_id
    assert ids <= set(by)
    for cid in ids:
        c = by[cid]
        assert c.mode == "automatic" and c.method and c.fix_zh and c.fix_en and c.sources and c.title_zh and c.title_en
        for name, p in c.params.items():
            assert "description" in p, (cid, name)
            if isinstance(p["value"], (int, float)) and not isinstance(p["value"], bool):
                assert p.get("unit"), (cid, name)
    modes = {c.id: c.mode for c in CL.checks}
    assert modes["EL-09"] == modes["EL-14"] == modes["CT-02"] == modes["AV-04"] == modes["CT-03"] == "semi"  # issue 19
    assert {"NV-02", "EL-11", "EL-12", "EL-13"} <= {k for k, v in modes.items() if v == "manual"}


def test_param_override_validation():
    from harness.errors import OptionError

    cl = checklist_mod.load()
    cl.set_overrides(["PF-01.cpu_slowdown=1", "AV-03.max_links=5", "UI-04.match=contains"])
    assert cl.params_for(cl.by_id["PF-01"])["cpu_slowdown"] == 1
    for bad in ("PF-01.cpu_slowdown=0", "AV-03.max_links=\"many\"", "EL-06.min_size=-1"):
        with pytest.raises(OptionError):
            cl.set_overrides([bad])


# ---------------------------------------------------------------- issue 16: a second policy over the same checks

def _variant(tmp_path, edit):
    """A copy of the default checklist with ``edit(data)`` applied, written beside the schema's relative path."""
    import json
    from pathlib import Path

    src = Path(checklist_mod.load().path)
    data = json.loads(src.read_text(encoding="utf-8"))
    data.pop("$schema", None)
    edit(data)
    p = tmp_path / "variant.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


def test_policies_choose_weights_by_system_kind():
    cl = checklist_mod.load()
    assert cl.policy["id"] == "new-media" and set(cl.policy["kinds"]) == {"h5", "mini-program", "app"}
    web = cl.for_kind("website")
    assert web.policy["id"] == "website" and web is not cl and cl.for_kind("h5") is cl
    assert (cl.by_id["SV-02"].veto, web.by_id["SV-02"].veto) == (False, True)
    assert web.by_id["WS-01"].veto_when == {**web.by_id["WS-01"].veto_when, "value": "service_entry", "equals": False}
    assert [c.id for c in web.checks] == [c.id for c in cl.checks]  # same checks, same order
    assert web.by_id["AV-03"].weight == cl.by_id["AV-03"].weight  # what the policy does not name stays
    for c in cl.checks + web.checks:
        assert c.why, c.id  # every weight and veto has its reasoning


def test_veto_applies_reads_the_outcome_value():
    web = checklist_mod.load().for_kind("website")
    sv = web.by_id["SV-02"]
    assert checklist_mod.veto_applies(sv, {"missing": ["收费标准", "申请材料"]})
    assert not checklist_mod.veto_applies(sv, {"missing": ["收费标准"]})
    assert not checklist_mod.veto_applies(sv, None)
    assert not checklist_mod.veto_applies(checklist_mod.load().by_id["SV-02"], {"missing": ["申请材料"]})


@pytest.mark.parametrize("edit, path, words", [
    (lambda d: d["policies"]["website"]["checks"].update({"XX-99": {"weight": 1}}), "$.policies.website.checks.XX-99", "not a check"),
    (lambda d: d["policies"]["website"]["kinds"].append("h5"), "$.policies.website.kinds[1]", "already scored by $.policy"),
    (lambda d: d["policies"]["website"]["checks"]["SV-02"].update(veto=False), "$.policies.website.checks.SV-02.veto_when", "never applies"),
    (lambda d: d["policies"]["website"]["checks"].update({"UI-01": {"weight": -1}}), "UI-01", "minimum"),
    (lambda d: d["policies"].update({"new-media": {"kinds": [], "checks": {}}}), "$.policies.new-media", "base policy"),
])
def test_policy_errors_name_file_and_json_path(tmp_path, edit, path, words):
    from harness.errors import SpecError

    p = _variant(tmp_path, edit)
    with pytest.raises(SpecError) as e:
        checklist_mod.load(p)
    msg = str(e.value)
    assert str(p) in msg and path in msg and words in msg, msg
