"""IN-08 on hand-made artifacts."""

from tests.checkrun import run


def _art(fields, platform="qingsongban"):
    return {"target": {"platform": platform, "system_kind": "h5"}, "dom": {"fields": fields}}


def _field(label, value="", **kw):
    return {"selector": f"#{label}", "label": label, "value": value, "visible": True, "type": "text", "tag": "input", **kw}



def test_empty_identity_fields_fail_on_a_hosted_page():
    o = run("IN-08", _art([_field("姓名"), _field("身份证号码"), _field("申请事由")]))
    assert o.outcome == "failed" and o.value == 2
    assert [e["selector"] for e in o.evidence] == ["#姓名", "#身份证号码"]
    assert "身份信息" in o.message_zh


def test_filled_identity_fields_pass():
    o = run("IN-08", _art([_field("姓名", "张*"), {**_field("x", "138****0000", name="mobile", placeholder="手机号"), "label": None}]))
    assert o.outcome == "passed" and o.value == 0


def test_not_hosted_or_no_identity_field_is_inapplicable():
    assert run("IN-08", _art([_field("姓名")], platform=None)).outcome == "inapplicable"
    assert run("IN-08", _art([_field("申请事由"), _field("同意", type="checkbox")])).outcome == "inapplicable"
    hidden = _field("姓名", visible=False)
    assert run("IN-08", _art([hidden])).outcome == "inapplicable"


def test_patterns_are_a_parameter():
    assert run("IN-08", _art([_field("户主")]), identity_patterns=["户主"]).outcome == "failed"


def test_login_and_registration_forms_are_left_to_in02():
    sms = [_field("手机号", form=0), _field("短信验证码", form=0)]
    assert run("IN-08", _art(sms)).outcome == "inapplicable"
    reg = [_field("姓名", form=1), _field("设置密码", type="password", form=1), _field("申请人姓名", form=2)]
    o = run("IN-08", _art(reg))
    assert o.outcome == "failed" and [e["selector"] for e in o.evidence] == ["#申请人姓名"]
