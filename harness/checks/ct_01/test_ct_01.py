"""CT-01 on hand-made artifacts: the default patterns on texts (and the words they must not catch), the
title, alt texts and form fields."""

from __future__ import annotations

import pytest

from tests.checkrun import run
from tests.load_artifacts import art


@pytest.mark.parametrize("text,bad", [
    ("测试", True), ("test 2", True), ("测试数据请勿删除", True), ("功能建设中", True), ("敬请期待", True), ("lorem ipsum", True),
    ("关于XXX的通知", True), ("Demo 版", True), ("体能测试报名", False), ("核酸检测点", False), ("项目建设进展顺利", False),
    ("测试成绩查询", False), ("Latest news", False), ("demolition", False)])
def test_ct01_patterns(text, bad):
    out = run("CT-01", art(dom={"texts": [{"selector": "p", "text": text, "box": [0, 0, 1, 1]}], "title": "青松便民"}))
    assert (out.outcome == "failed") is bad, out.message


def test_ct01_title_alt_and_placeholder():
    dom = {"title": "青松便民", "texts": [], "images": [{"selector": "img", "alt": "示例图片占位图", "visible": True, "box": [0, 0, 1, 1]}],
           "fields": [{"selector": "input", "placeholder": "请输入", "value": "test data", "visible": True, "box": [0, 0, 1, 1]}]}
    out = run("CT-01", art(dom=dom))
    assert out.outcome == "failed" and out.value == 2
