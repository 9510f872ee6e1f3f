"""axe-core results mapped onto check outcomes: the shared code of the checks that read the ``axe`` gather stage
(AX-01 text alternatives, AX-02 names and labels, AX-04 other WCAG 2.0 A/AA rules, EL-04 contrast).

The rules are axe-core's (run by the optional ``axe`` gather stage, see :mod:`harness.gather.axe`); these
functions only map its outcome onto the checklist: a rule with ``violations`` nodes → ``failed``; otherwise a
rule in ``incomplete`` (axe could not decide, e.g. text over a background image) → ``cantTell``, never
``failed``; otherwise a rule that passed → ``passed``; no applicable element → ``inapplicable``.

Source: GB/T 37668-2019 / WCAG 2.0 (the rules' own tags name their success criteria); MIIT 适老化通用设计规范
(contrast, EL-04).
"""

from __future__ import annotations

from typing import Any

from ..outcomes import Outcome, bi, cant_tell, failed, inapplicable, passed
from . import ev

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
