"""AX-03: Non-empty <title> and <html lang> starting with zh (页面有标题且声明中文语言). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, passed


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AX-03: the page has a non-empty ``<title>`` and ``<html lang>`` starting with ``lang_prefix`` ("zh").

    Source: GB/T 37668-2019 (page title, language of page); WCAG 2.0 SC 2.4.2, SC 3.1.1.
    Value: {"title", "lang"}.
    """
    dom = a["dom"]
    title = (dom.get("title") or "").strip()
    lang = (dom.get("lang") or "").strip()
    value = {"title": title, "lang": lang or None}
    thr = bi(f"<title> ≠ ''; lang = {p['lang_prefix']}*",
             f"<title> 不为空；lang = {p['lang_prefix']}*")
    en, zh = [], []
    if not title:
        en.append("the page has no <title>")
        zh.append("页面没有 <title>")
    if not lang.lower().startswith(p["lang_prefix"].lower()):
        en.append(f"<html lang> is {lang!r}" if lang else "<html> has no lang attribute")
        zh.append(f"<html lang> 为 {lang!r}" if lang else "<html> 未声明 lang 属性")
    if en:
        return failed("; ".join(en), zh="；".join(zh), value=value, threshold=thr)
    return passed(f"title {title!r}, lang {lang!r}", zh=f"标题“{title}”，语言 {lang}", value=value, threshold=thr)
