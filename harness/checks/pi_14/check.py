"""PI-14: no unmasked personal data where the user does not see it (前端存储与接口返回不含明文个人敏感信息)."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, cant_tell, failed, passed
from ...personal_data import KIND_NAMES
from .. import ev

#: place -> (English, Chinese)
PLACES = {"local_storage": ("localStorage", "localStorage"), "session_storage": ("sessionStorage", "sessionStorage"),
          "cookie": ("a cookie", "Cookie"), "response": ("an XHR/fetch response", "接口返回"),
          "hidden_input": ("a hidden input", "隐藏字段"), "comment": ("an HTML comment", "HTML 注释"),
          "inline_script": ("an inline script", "内联脚本")}


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-14: no full resident ID, mobile or bank card number (``patterns``; detection by
    :func:`harness.personal_data.find_personal_data`, the detector of PI-06) in any of ``places``: localStorage,
    sessionStorage, cookies (HttpOnly included), the bodies of the page's XHR/fetch and JSONP responses, hidden
    inputs, HTML comments and inline scripts, as the ``exposure`` stage read them after the page settled.
    Masking is the server's job: a number masked only on screen has already reached the device.

    Fails on one finding; cantTell when nothing was found but some response bodies could not be read (a false
    pass is worse than no verdict); passes otherwise.

    Source: 《浙江政务服务网用户敏感信息脱敏处理规范》 (server-side masking; clause numbers not confirmed);
    浙里办 服务开发指引 §7.4 安全规范 (by content); GB/T 35273-2020 6.2/6.3.
    Value: number of findings. Evidence: where (place, key or URL) and the number, masked.
    """
    ex = a["exposure"]
    kinds, places = set(p["patterns"]), set(p["places"])
    found = [f for f in ex.get("findings", []) if f["kind"] in kinds and f["where"] in places]
    read = ex.get("read", {})
    thr = bi("0 unmasked numbers in " + ", ".join(PLACES[x][0] for x in p["places"] if x in PLACES),
             "以下位置未脱敏号码 0 处：" + "、".join(PLACES[x][1] for x in p["places"] if x in PLACES))
    if found:
        counts: dict[str, int] = {}
        for f in found:
            counts[f["where"]] = counts.get(f["where"], 0) + 1
        en = ", ".join(f"{n} in {PLACES[w][0]}" for w, n in counts.items())
        zh = "，".join(f"{PLACES[w][1]} {n} 处" for w, n in counts.items())
        evidence = [ev(url=f.get("url"), text=f["masked"], value=f["kind"], personal=True,
                       note="; ".join(x for x in (PLACES[f["where"]][0], f"key {f['key']}" if f.get("key") else None,
                                                  KIND_NAMES[f["kind"]][0], f.get("note")) if x))
                    for f in found[:30]]
        return failed(f"unmasked personal data the user does not see: {en}", zh=f"前端留存或接收未脱敏的个人敏感信息：{zh}",
                      value=len(found), threshold=thr, evidence=evidence)
    looked = ", ".join(f"{read.get(k, 0)} {k}" for k in ("local_storage", "session_storage", "cookies", "responses",
                                                         "hidden_inputs", "comments", "inline_scripts"))
    if ex.get("unread_responses") and "response" in places:
        n = ex["unread_responses"]
        return cant_tell(f"nothing found in {looked}; {n} response body(ies) could not be read",
                         zh=f"已读取部分未发现未脱敏信息，但有 {n} 个接口返回未能读取", value=0, threshold=thr)
    return passed(f"no unmasked ID, mobile or card number in {looked}",
                  zh="本地存储、Cookie、接口返回和页面源码中未发现未脱敏的个人敏感信息", value=0, threshold=thr)
