"""IN-07: a 好差评 evaluation entry offered after a service is done (事项办结后提供“好差评”评价入口). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from ...outcomes import Outcome, bi, cant_tell, failed, inapplicable
from .. import ev
from ..host_log import call_text, gate


#: Words saying a service is done (办结), and words of a 好差评 entry.
DONE = re.compile(r"已办结|已完成办理|办理完成|办理成功|提交成功|申请成功|审批通过")
EVALUATE = re.compile(r"好差评|去评价|我要评价|评价|满意度|评一评")


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """IN-07 (semi): a page showing a service as done (办结) offers the 好差评 evaluation. Found → cantTell (a person
    confirms it opens the evaluation); not found → failed (a person confirms); no service shown as done →
    inapplicable.

    Source: 国办发〔2019〕51号 政务服务“好差评”制度; 国办函〔2021〕105号.
    Value: the number of evaluation entries. Evidence: the completion text and each entry.
    """
    if (o := gate(a, "IN-07")) is not None:
        return o
    dom = a["dom"]
    done = DONE.search(dom.get("visible_text", "") or "")
    role = (a.get("target") or {}).get("role")
    thr = bi("a 好差评 entry after a service is done",
             "办件完成后提供好差评入口")
    if not done and role != "result":
        return inapplicable("no service shown as done on this page", zh="页面未显示已办结的事项", threshold=thr)
    entries = [t for t in dom.get("targets", []) if EVALUATE.search(t.get("name") or "")]
    calls = [c for c in a["bridge"].get("calls", []) if c.get("role") == "evaluate"]
    evidence = [ev(text=done.group(0) if done else "role: result", value="service done")]
    evidence += [ev(t, text=t.get("name"), value="evaluation entry") for t in entries[:5]] + [ev(text=call_text(c), value="host evaluation") for c in calls[:3]]
    if entries or calls:
        return cant_tell(f"{len(entries) + len(calls)} evaluation entry(ies) offered: confirm it opens the 好差评 evaluation",
                         zh=f"提供了 {len(entries) + len(calls)} 个评价入口，请人工确认可进入好差评", value=len(entries) + len(calls),
                         threshold=thr, evidence=evidence)
    return failed("the service is shown as done but no 好差评 evaluation is offered (confirm)", zh="事项已办结但未提供好差评评价入口（请人工确认）",
                  value=0, threshold=thr, evidence=evidence)
