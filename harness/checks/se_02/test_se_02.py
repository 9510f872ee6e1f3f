"""SE-02 on hand-made probes: the kinds of secret looked for and the source map switch."""

from __future__ import annotations

from tests.checkrun import run
from tests.stage_artifacts import art, probes


def test_se02_kinds_and_switches():
    pr = probes(secrets=[{"kind": "password_assignment", "url": "https://x/a.js", "line": 3, "snippet": 'pwd: "admi…(8 chars)"'}],
                source_maps=[{"script": "https://x/a.js", "url": "https://x/a.js.map", "how": "guess", "status": 200, "exposed": True}])
    o = run("SE-02", art(probes=pr))
    assert o.outcome == "failed" and o.value == {"git": 0, "source_maps": 1, "secrets": 1}
    assert run("SE-02", art(probes=pr), source_maps=False, secret_kinds=["private_key"]).outcome == "passed"
