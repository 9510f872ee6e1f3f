"""EL-08: Picture captcha has a voice or other alternative (图形验证码提供语音等替代方式). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, inapplicable, passed
from .. import ev


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-08: a picture captcha (an image, canvas or SVG named like one — captcha, 验证码, vcode … — or next to a
    captcha field that is not an SMS code) comes with an alternative that does not rely on sight: a voice/audio
    captcha or another verification way (语音验证码, 短信验证, audio …), found as a control or text on the page.

    Source: 《互联网网站适老化通用设计规范》 (验证码替代: for a non-text captcha provide at least one captcha beyond the
    visual sense, such as a voice captcha — described); 《移动互联网应用（APP）适老化通用设计规范》 (alternatives for
    non-text captchas, in text or voice — described); WCAG 2.0 SC 1.1.1 (CAPTCHA).
    Value: {"captchas", "alternatives"}. Evidence: each captcha image and the alternatives found.
    """
    f = a["page_facts"]
    caps, alts = f.get("captchas", []), f.get("captcha_alternatives", [])
    value = {"captchas": len(caps), "alternatives": len(alts)}
    thr = bi("each picture captcha has a voice or other non-visual alternative",
             "每个图片验证码都有语音等非视觉替代方式")
    if not caps:
        return inapplicable("no picture captcha", zh="页面没有图形验证码", value=value, threshold=thr)
    if not alts:
        return failed(f"{len(caps)} picture captcha(s) with no voice or other alternative", zh=f"{len(caps)} 个图形验证码未提供语音等替代方式",
                      value=value, threshold=thr, evidence=[ev(c, text=c.get("alt") or c.get("src"), note=f"picture captcha ({c.get('why')})") for c in caps])
    return passed(f"{len(caps)} picture captcha(s) with an alternative", zh=f"{len(caps)} 个图形验证码提供了替代方式", value=value, threshold=thr,
                  evidence=[ev(x, text=x.get("text"), note="alternative") for x in alts[:5]])
