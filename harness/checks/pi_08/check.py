"""PI-08: Privacy policy covers purposes, means, scope, sharing, storage, rights and contact (隐私政策逐一说明收集使用的目的、方式、范围等内容). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from ...outcomes import Outcome, bi, cant_tell, inapplicable, passed
from .. import ev
from ..privacy_policy import find_policy


#: Content items of a privacy policy a person must judge (PI-08): key -> (zh, en, patterns).
POLICY_ITEMS = {
    "purpose": ("收集使用个人信息的目的、方式和范围", "purposes, means and scope of collection", r"目的|用途|用于"),
    "collected": ("收集的个人信息类型", "kinds of personal information collected", r"收集|获取"),
    "third_party": ("委托处理、共享、第三方（含SDK）", "sharing, entrusted processing, third parties (SDKs)", r"第三方|共享|委托|SDK"),
    "storage": ("存储地点与保存期限", "storage place and retention period", r"存储|保存期限|保存期|存放"),
    "security": ("安全保护措施", "security measures", r"加密|安全措施|保护措施|安全保护"),
    "rights": ("查询、更正、删除、撤回同意、注销", "rights: access, correction, deletion, withdrawal, account deletion", r"更正|删除|撤回|注销"),
    "contact": ("联系方式与投诉渠道", "contact and complaint channel", r"联系|投诉|热线|电话"),
}


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """PI-08 (semi): the policy covers the items 认定方法 二.1 and GB/T 35273-2020 5.5 list (``items`` of
    :data:`POLICY_ITEMS`): found by keyword → passed (a reviewer still reads it); an item without its keywords →
    cantTell (a person decides), never failed. Inapplicable when no policy page was found.

    Source: 认定方法 二.1 (逐一列出收集使用个人信息的目的、方式、范围等), 二.4 (晦涩难懂、冗长繁琐); GB/T 35273-2020
    5.5 个人信息保护政策.
    Value: {"found": [item], "missing": [item]}.
    """
    pol = find_policy(a, p)
    thr = bi("items: " + ", ".join(p["items"]),
             "要素：" + "、".join(p["items"]))
    if pol is None:
        return inapplicable("no privacy policy page found (see PI-01)", zh="未找到隐私政策页面（见 PI-01）", threshold=thr)
    text = pol["text"] or ""
    found = [k for k in p["items"] if k in POLICY_ITEMS and re.search(POLICY_ITEMS[k][2], text, re.I)]
    missing = [k for k in p["items"] if k not in found]
    value = {"found": found, "missing": missing}
    if missing:
        return cant_tell("the policy may lack: " + "; ".join(POLICY_ITEMS[k][1] if k in POLICY_ITEMS else k for k in missing),
                         zh="隐私政策可能缺少：" + "；".join(POLICY_ITEMS[k][0] if k in POLICY_ITEMS else k for k in missing) + "（需人工确认）",
                         value=value, threshold=thr, evidence=[ev(url=pol["url"])])
    return passed("the policy mentions every required item (a reviewer confirms their substance)",
                  zh="隐私政策提及全部必备内容（实质内容由审核人员确认）", value=value, threshold=thr, evidence=[ev(url=pol["url"])])
