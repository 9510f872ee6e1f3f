"""UI strings of the department report, the index, 附件2 and the diff, added to :data:`harness.report.STRINGS`
(zh-CN by default, en with ``--lang en``). Nested dicts (``verdict``, ``readiness`` …) are merged key by key."""

from __future__ import annotations

MORE = {
    "zh": {
        "verdict": {"not-run": "本次未检测"},
        "readiness_h": "青松办对接准备情况", "readiness_col": "青松办对接",
        "readiness_note": "青政公〔2019〕24号：自建 APP、小程序于9月15日起与“青松办”开展对接工作",
        "readiness": {"ready": "已就绪：青松办对接检查全部通过", "not-ready": "未就绪", "unverified": "待确认：对接检查未能得出结论",
                      "none": "未评估：本次没有可判定的对接检查", "not-audited": "未检测"},
        "readiness_short": {"ready": "就绪", "not-ready": "未就绪", "unverified": "待确认", "none": "未评估", "not-audited": "—"},
        "readiness_blocked": "页面不可用，对接检查无从判定", "veto_ok": "否决项通过",
        "readiness_failed": "不通过", "readiness_errors": "无法检测", "readiness_cant": "待人工确认", "readiness_checks": "依据的检查项",
        "reason": "结论依据", "pass_mark": "及格线", "category_scores": "分类得分",
        "cat_score": "得分", "cat_max": "满分", "cat_lost": "平均扣分", "cat_checks": "检查项数",
        "pages": "页面一览", "page_h": "页面", "problems": "问题", "points_back": "可挽回", "after_fix": "整改至此项后",
        "must_fix_none": "没有必须整改的不通过项。", "pages_affected": "涉及页面",
        "closeups": "局部放大", "open_full": "打开原图", "no_screenshot": "无截图（页面未能加载或截图失败）",
        "prev_h": "与上次检查相比", "prev_link": "上次检查报告", "prev_none": "这是该部门在本登记表下的首次检查。",
        "newly_failed": "新增不通过", "fixed": "已整改", "unresolved": "原不通过、本次无法确认", "still_failed": "仍不通过", "checks_word": "个检查项",
        "score_change": "得分变化", "delta": "较上次",
        "attachment2": "附件2 自建网上办事系统信息表", "attachment2_short": "附件2",
        "a2_intro": "按青政公〔2019〕24号附件2的格式，由表单页面的实测结果生成；每个事项一张表。“数据字典及表结构文档”一栏由部门填写。",
        "a2_xlsx": "下载 Excel（.xlsx，每个事项一个工作表）", "a2_none": "该系统未登记办事表单页面（登记表中 role 为 form 的页面）。",
        "a2_system": "系统名称", "a2_address": "互联网访问地址", "a2_items": "系统办理事项信息", "a2_capped": "截图已按检查工具的高度上限截断。",
        "a2_fields": "表单项（来源）", "a2_source": {"label": "label 标签", "aria-labelledby": "aria-labelledby", "aria-label": "aria-label",
                                                   "placeholder": "占位提示", "title": "title 属性", "group": "分组标题",
                                                   "nearby-text": "前置文字（未关联标签）", "options": "选项文字", None: "无标签"},
        "review_h": "人工复核清单", "review_note": "以下各项须由复核人员逐项确认（人工检查项、半自动检查项以及“待人工确认”的结果）。",
        "mode": {"automatic": "自动", "semi": "半自动", "manual": "人工"},
        "other_checks": "其余检查项", "all_checks": "全部检查项", "marker": "标注",
        "index_note": "登记表中的每个部门/地区均列出；未登记自建系统的部门显示为“未登记自建系统”。点击表头排序，输入文字筛选。",
        "region_all": "全部市州", "verdict_all": "全部结果", "kind_all": "全部类别", "readiness_all": "全部对接状态",
        "table": {"regional": "地区", "provincial": "部门", "demo": "演示"}, "prev_index": "上次检查总览",
        "lang_switch": "", "seconds": "秒", "colon": "：",
    },
    "en": {
        "verdict": {"not-run": "Not audited in this run"},
        "readiness_h": "Readiness for the 青松办 integration", "readiness_col": "青松办 ready",
        "readiness_note": "青政公〔2019〕24号: self-built apps and mini-programs integrate with 青松办 from 15 September",
        "readiness": {"ready": "Ready: every 青松办 integration check passed", "not-ready": "Not ready",
                      "unverified": "Unverified: the integration checks are not conclusive",
                      "none": "Not assessed: no integration check could be decided in this run", "not-audited": "Not audited"},
        "readiness_short": {"ready": "ready", "not-ready": "not ready", "unverified": "unverified", "none": "not assessed", "not-audited": "—"},
        "readiness_blocked": "the page is unusable, so passing integration checks prove nothing", "veto_ok": "vetoes passed",
        "readiness_failed": "failed", "readiness_errors": "could not be measured", "readiness_cant": "needs a person", "readiness_checks": "checks considered",
        "reason": "Why", "pass_mark": "pass mark", "category_scores": "Score by category",
        "cat_score": "Score", "cat_max": "Max", "cat_lost": "Mean deduction", "cat_checks": "Checks",
        "pages": "Pages", "page_h": "Page", "problems": "Problems", "points_back": "Wins back", "after_fix": "After fixing up to here",
        "must_fix_none": "Nothing failed: nothing must be fixed.", "pages_affected": "pages",
        "closeups": "Close-ups", "open_full": "open full image", "no_screenshot": "No screenshot (the page did not load or the screenshot failed)",
        "prev_h": "Since the previous run", "prev_link": "previous report", "prev_none": "First run of this department for this registry.",
        "newly_failed": "Newly failed", "fixed": "Fixed", "unresolved": "Failed before, not decided now", "still_failed": "Still failing", "checks_word": "checks",
        "score_change": "Score change", "delta": "Change",
        "attachment2": "附件2 Self-built online service systems (自建网上办事系统信息表)", "attachment2_short": "附件2",
        "a2_intro": "Laid out like 附件2 of 青政公〔2019〕24号, filled in from the form pages as measured; one sheet per service item. The department supplies the data dictionary column.",
        "a2_xlsx": "Download Excel (.xlsx, one sheet per item)", "a2_none": "No form page registered for this system (pages with role form).",
        "a2_system": "System", "a2_address": "Internet address", "a2_items": "Service items", "a2_capped": "Screenshot cut at the harness's height limit.",
        "a2_fields": "Form fields (source)", "a2_source": {"label": "label", "aria-labelledby": "aria-labelledby", "aria-label": "aria-label",
                                                          "placeholder": "placeholder", "title": "title", "group": "group caption",
                                                          "nearby-text": "text before the field (no label)", "options": "option texts", None: "no label"},
        "review_h": "Reviewer's checklist", "review_note": "A person must confirm each of these: manual and semi-automatic items and every can't-tell outcome.",
        "mode": {"automatic": "automatic", "semi": "semi-automatic", "manual": "manual"},
        "other_checks": "Other checks", "all_checks": "All checks", "marker": "marker",
        "index_note": "Every department and region of the registry is listed; those without a registered system show as such. Click a header to sort; type to filter.",
        "region_all": "All regions", "verdict_all": "All verdicts", "kind_all": "All kinds", "readiness_all": "All readiness states",
        "table": {"regional": "Region", "provincial": "Dept.", "demo": "Demo"}, "prev_index": "previous index",
        "lang_switch": "", "seconds": "s", "colon": ": ",
    },
}


def merge(strings: dict) -> None:
    """Merge :data:`MORE` into ``strings`` ({lang: {key: str | dict}}), nested dicts key by key, in place."""
    for lang, more in MORE.items():
        target = strings.setdefault(lang, {})
        for k, v in more.items():
            if isinstance(v, dict) and isinstance(target.get(k), dict):
                target[k].update(v)
            else:
                target.setdefault(k, v)
