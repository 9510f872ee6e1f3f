"""Reading the recording host's call log (``artifacts["bridge"]``, see :mod:`harness.gather.host`) for the host
platform integration checks (青松办 hooks): IN-01 (SDK and bridge ready), IN-03 (analytics page views), IN-04
(outbound actions through the host), IN-05 (title through the host), IN-06 (the same content in WeChat and
Alipay), EL-01 (the host's elder mode), IN-07 (the 好差评 entry, semi) and NV-01 (the host's back, semi).

All these checks are ``platform_only``: the engine (:func:`harness.checks.applicability`) makes them inapplicable
when the target has no host platform or its profile does not list the check; :func:`gate` gives the same answer
from the call log itself, for saved artifacts re-checked without the target's platform. Times in the log are ms
since the document's navigation start.
"""

from __future__ import annotations

import json
from typing import Any

from ..outcomes import Outcome, error, inapplicable


def gate(a: dict[str, Any], check_id: str) -> Outcome | None:
    """An outcome when check ``check_id`` cannot apply to this target, else None: ``error`` when the host's call
    log (``a["bridge"]`` with its ``platform`` and ``profile``) was not gathered; ``inapplicable`` when the
    profile's ``checks`` do not list ``check_id`` (the profile does not know what to look for, e.g. the national
    platform has no public SDK)."""
    b = a.get("bridge") or {}
    prof = b.get("profile")
    if not b.get("platform") or not prof:
        return error("the host's call log was not gathered", zh="未采集到宿主平台调用记录")
    if check_id not in prof.get("checks", []):
        return inapplicable(f"the {prof['name_en']} profile does not define what {check_id} looks for ({prof['status']} profile)",
                            zh=f"{prof['name_zh']}平台配置未定义 {check_id} 所需的接口（{prof['status']}）")
    return None


def final_calls(b: dict[str, Any]) -> list[dict[str, Any]]:
    """Records of the last document of the load (the page the user sees), in order: the entries of
    ``b["calls"]`` whose ``doc`` (index of the document, 0 when absent) is the highest."""
    last = max((c.get("doc", 0) for c in b.get("calls", [])), default=0)
    return [c for c in b.get("calls", []) if c.get("doc", 0) == last]


def call_text(c: dict[str, Any]) -> str:
    """One record of the call log as evidence text: ``name(arg, …)``, the arguments as JSON, cut to 120
    characters."""
    args = c.get("args") or []
    inner = ", ".join(json.dumps(x, ensure_ascii=False) for x in args)[:120]
    return f"{c.get('name')}({inner})"
