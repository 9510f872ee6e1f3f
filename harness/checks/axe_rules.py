"""Accessibility checks read from axe-core's results (无障碍, GB/T 37668-2019 / WCAG 2.0; 适老化 contrast).

The rules are axe-core's (run by the optional ``axe`` gather stage, see :mod:`harness.gather.axe`); these
functions only map its outcome onto the checklist: a rule with ``violations`` nodes → ``failed``; otherwise a
rule in ``incomplete`` (axe could not decide, e.g. text over a background image) → ``cantTell``, never
``failed``; otherwise a rule that passed → ``passed``; no applicable element → ``inapplicable``.
"""

from __future__ import annotations

import re
from typing import Any

from ..outcomes import Outcome, bi, cant_tell, failed, inapplicable, passed
from . import check, ev

#: Chinese names of the axe rules the checklist uses (axe-core's own messages are English).
RULE_ZH = {
    "image-alt": "图片缺少替代文本", "input-image-alt": "图片按钮缺少替代文本", "role-img-alt": "role=img 元素缺少替代文本",
    "svg-img-alt": "SVG 图片缺少替代文本", "area-alt": "图片热区缺少替代文本", "object-alt": "<object> 缺少替代文本",
    "button-name": "按钮没有可读名称", "link-name": "链接没有可读名称", "label": "表单字段没有标签",
    "select-name": "下拉框没有标签", "input-button-name": "输入按钮没有可读名称", "aria-input-field-name": "ARIA 输入字段没有名称",
    "aria-toggle-field-name": "ARIA 开关字段没有名称", "aria-command-name": "ARIA 命令控件没有名称",
    "summary-name": "<summary> 没有可读名称", "frame-title": "框架没有标题", "form-field-multiple-labels": "表单字段有多个标签",
    "color-contrast": "文字与背景对比度不足",
}


def _rule_ids(a: dict[str, Any], key: str) -> set[str]:
    return {r["id"] for r in a["axe"].get(key, [])}


def axe_outcome(a: dict[str, Any], rules: list[str] | None, exclude: list[str] | None, what_en: str, what_zh: str,
                max_evidence: int = 30) -> Outcome:
    """Map axe-core's result for ``rules`` (None: every rule axe ran, minus ``exclude``) to one outcome.

    Value: {"violations": nodes failing, "incomplete": nodes axe could not decide, "rules_failed": [ids],
    "rules_incomplete": [ids], "rules_passed": n}. Evidence: one item per node (first target selector, box,
    rule id as value, axe's failure summary as note, a snippet of the HTML as text).
    """
    ax = a["axe"]
    skip = set(exclude or [])

    def pick(items):
        return [r for r in items if (rules is None or r["id"] in rules) and r["id"] not in skip]

    viol, inc = pick(ax.get("violations", [])), pick(ax.get("incomplete", []))
    passes = [p for p in ax.get("passes", []) if (rules is None or p["id"] in rules) and p["id"] not in skip]
    value = {"violations": sum(r.get("node_count", len(r["nodes"])) for r in viol),
             "incomplete": sum(r.get("node_count", len(r["nodes"])) for r in inc),
             "rules_failed": sorted(r["id"] for r in viol), "rules_incomplete": sorted(r["id"] for r in inc),
             "rules_passed": len(passes)}
    thr = bi("0 axe-core violations: " + (", ".join(rules) if rules is not None else "WCAG 2.0 A/AA rules" + (f" except {', '.join(sorted(skip))}" if skip else "")),
             "axe-core 违规 0 处：" + ("、".join(rules) if rules is not None else "WCAG 2.0 A/AA 级规则" + (f"（{'、'.join(sorted(skip))} 除外）" if skip else "")))

    def evidence(items):
        out = []
        for r in items:
            for n in r["nodes"]:
                out.append(ev({"selector": (n.get("target") or [None])[0], "box": n.get("box")}, value=r["id"],
                              text=(n.get("html") or "")[:160] or None,
                              note=(n.get("summary") or r.get("help") or "").replace("\n", " ")[:300] or None))
        return out[:max_evidence]

    if viol:
        en = "; ".join(f"{r['id']} ({r.get('node_count', len(r['nodes']))})" for r in viol)
        zh = "；".join(f"{RULE_ZH.get(r['id'], r['id'])}（{r.get('node_count', len(r['nodes']))} 处）" for r in viol)
        return failed(f"{what_en}: axe-core reports {en}", zh=f"{what_zh}：{zh}", value=value, threshold=thr,
                      evidence=evidence(viol))
    if inc:
        en = ", ".join(r["id"] for r in inc)
        zh = "、".join(RULE_ZH.get(r["id"], r["id"]) for r in inc)
        return cant_tell(f"axe-core could not decide {en}: a person must look at the marked elements",
                         zh=f"axe-core 无法判定（{zh}），需人工查看标出的元素", value=value, threshold=thr, evidence=evidence(inc))
    if passes:
        return passed(f"{what_en}: no violation ({len(passes)} axe-core rule(s) applied and passed)",
                      zh=f"{what_zh}：未发现问题（{len(passes)} 条 axe-core 规则适用且通过）", value=value, threshold=thr)
    return inapplicable(f"nothing on the page the rules apply to ({', '.join(rules) if rules else 'any rule'})",
                        zh="页面上没有这些规则适用的元素", value=value, threshold=thr)


@check("axe")
def axe_text_alternatives(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AX-01: images and other non-text content have text alternatives (axe-core rules in ``rules``: image-alt,
    input-image-alt, role-img-alt, svg-img-alt, area-alt, object-alt).

    Source: GB/T 37668-2019 可感知性·替代文本; WCAG 2.0 SC 1.1.1 Non-text Content.
    """
    return axe_outcome(a, p["rules"], None, "images without a text alternative", "图片等非文本内容缺少替代文本")


@check("axe")
def axe_names_and_labels(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AX-02: buttons and links have accessible names; form fields have labels (axe-core rules in ``rules``:
    button-name, link-name, input-button-name, label, select-name, aria-*-name, summary-name, frame-title …).

    Source: GB/T 37668-2019 可操作性/兼容性 (名称、角色、值; 标签); WCAG 2.0 SC 1.3.1, 2.4.4, 3.3.2, 4.1.2.
    """
    return axe_outcome(a, p["rules"], None, "controls without a name or fields without a label", "控件缺少名称或表单字段缺少标签")


@check("axe")
def axe_other_wcag(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AX-04: every other WCAG 2.0 level A/AA rule axe-core tests (ARIA validity, lists, tables, zoom not
    disabled, duplicate ARIA ids, language codes …), minus the rules other checks own (``exclude``).

    Source: GB/T 37668-2019 (the requirements axe-core can test, WCAG 2.0 A/AA); WCAG 2.0 SC per rule (see
    each rule's tags in the artifact).
    """
    return axe_outcome(a, None, p["exclude"], "WCAG 2.0 A/AA rules fail", "其他 WCAG 2.0 A/AA 级规则未通过")


@check("axe")
def axe_contrast(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """EL-04: text contrast at least 4.5:1 (3:1 for large text: 18 pt, or 14 pt bold), from axe-core's
    ``color-contrast`` rule (its ``incomplete``, e.g. text over an image or gradient, gives cantTell).

    Source: MIIT 适老化通用设计规范 (文字与背景对比度); GB/T 37668-2019 可感知性·对比度; WCAG 2.0 SC 1.4.3
    Contrast (Minimum).
    """
    return axe_outcome(a, p["rules"], None, "text with too little contrast", "文字与背景对比度不足")


@check("dom")
def alt_text_meaningful(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AX-07 (semi): text alternatives that exist but say nothing — a file name (``*.png``), or a generic word
    from ``generic`` (图片, image, icon …) — need a person: cantTell with the images marked; passed when every
    visible image with a non-empty alt has a specific one; inapplicable without such images. axe-core's
    image-alt (AX-01) only checks that an alternative exists.

    Source: GB/T 37668-2019 可感知性·替代文本; WCAG 2.0 SC 1.1.1 Non-text Content (the alternative serves the
    equivalent purpose).
    Value: number of doubtful alternatives.
    """
    generic = {g.lower() for g in p["generic"]}
    imgs = [i for i in a["dom"].get("images", []) if i.get("visible") and (i.get("alt") or "").strip()]
    thr = bi("alt text names the image's purpose",
             "替代文本说明图片的用途")
    if not imgs:
        return inapplicable("no visible image with a text alternative", zh="页面没有带替代文本的可见图片", threshold=thr, value=0)
    bad = []
    for i in imgs:
        alt = i["alt"].strip()
        if re.search(r"\.(png|jpe?g|gif|svg|webp|bmp)$", alt, re.I) or alt.lower() in generic or re.fullmatch(r"(img|image|pic|图)?[_\-\s]*\d+", alt, re.I):
            bad.append(ev(i, text=alt, url=i.get("src")))
    if bad:
        return cant_tell(f"{len(bad)} image(s) have an alternative that may not describe them", zh=f"{len(bad)} 张图片的替代文本可能没有说明其含义，需人工确认",
                         value=len(bad), threshold=thr, evidence=bad[:30])
    return passed(f"{len(imgs)} image alternative(s) look specific", zh=f"{len(imgs)} 张图片的替代文本看来具体明确", value=0, threshold=thr)
