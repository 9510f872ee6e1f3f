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
