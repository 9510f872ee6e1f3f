"""IN-01: host SDK loaded and the bridge's ready signal awaited before bridge calls (加载宿主平台 SDK，并在桥接就绪后才调用桥接接口). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, passed
from .. import ev
from ..host_log import call_text, final_calls, gate


#: Roles of records that are not bridge method calls.
NOT_BRIDGE = {"ready", "analytics_init", "analytics_ready", "analytics_event"}


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """IN-01: the host's SDK script is loaded and the page waits for the bridge's ready signal (onReady) before
    any bridge call.

    Source: 浙里办 ZWJSBridge API (“初始化完成即onReady之后再调用jsapi”); 青政公〔2019〕24号 三 (integration with 青松办).
    Value: the number of bridge calls made before ready (or without the SDK). Evidence: each such call, or the SDK
    script expected.
    """
    if (o := gate(a, "IN-01")) is not None:
        return o
    b = a["bridge"]
    prof = b["profile"]
    final = final_calls(b)
    bridge_scripts = [s for s in prof["scripts"] if s["provides"] == "bridge"]
    sdk = [c for c in final if c["kind"] == "sdk" and c.get("provides") == "bridge"]
    calls = [c for c in final if c["kind"] == "call" and c.get("role") not in NOT_BRIDGE and not str(c.get("name", "")).startswith("new ")
             and "." not in str(c.get("name", ""))]
    waited = [c for c in final if c.get("role") == "ready"]
    early = [c for c in calls if not c.get("ready")]
    glob = (prof.get("bridge") or {}).get("global", "bridge")
    thr = bi(f"SDK loaded; {glob} calls only after the ready signal",
             f"已加载 SDK；{glob} 调用均在就绪信号之后")
    evidence = [ev(text=call_text(c), value=c.get("t"), note="before the SDK loaded" if not c.get("sdk") else "before the ready signal")
                for c in early[:15]]
    if bridge_scripts and not sdk:
        example = bridge_scripts[0].get("example") or bridge_scripts[0]["name"]
        return failed(f"the host's SDK script was not loaded (e.g. {example})" + (f"; {len(calls)} bridge call(s) without it" if calls else ""),
                      zh=f"未加载宿主平台 SDK 脚本（如 {example}）" + (f"，无 SDK 的桥接调用 {len(calls)} 次" if calls else ""),
                      value=len(calls), threshold=thr, evidence=[ev(url=example, value="SDK script", note="expected")] + evidence)
    if early:
        return failed(f"{len(early)} of {len(calls)} bridge call(s) made before the bridge was ready"
                      + ("" if waited else f" (the page never waits for {prof['bridge']['ready'].get('method') or 'the ready event'})"),
                      zh=f"{len(calls)} 次桥接调用中有 {len(early)} 次发生在桥接就绪之前" + ("" if waited else "（页面未等待就绪回调）"),
                      value=len(early), threshold=thr, evidence=evidence)
    ready = next((c for c in final if c["kind"] == "ready"), None)
    when = f"SDK loaded at {sdk[0]['t']:g} ms, ready at {ready['t']:g} ms" if sdk and ready else "bridge ready"
    zh_when = f"SDK 于 {sdk[0]['t']:g} ms 加载，{ready['t']:g} ms 就绪" if sdk and ready else "桥接已就绪"
    luck = bool(calls) and not waited  # the calls came after ready, but the page never waited for it
    return passed(f"{when}; all {len(calls)} bridge call(s) after ready" + ("; but the page never registers for the ready signal" if luck else ""),
                  zh=f"{zh_when}；{len(calls)} 次桥接调用均在就绪之后" + ("；但页面未注册就绪回调" if luck else ""),
                  value=0, threshold=thr, evidence=[ev(text=call_text(c), value=c.get("t")) for c in calls[:10]], warning=luck)
