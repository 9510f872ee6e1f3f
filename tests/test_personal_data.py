"""harness.personal_data on its own: the resident ID checksum, the patterns that find personal data in text, and
bank card numbers (Luhn check, issuer prefixes)."""

from __future__ import annotations

import pytest

from harness.personal_data import find_bank_cards, find_personal_data, id_checksum_ok, luhn_ok


def test_id_checksum():
    assert id_checksum_ok("630102198807151232")
    assert not id_checksum_ok("630102198807151233")
    assert id_checksum_ok("11010519491231002X") and id_checksum_ok("11010519491231002x")


@pytest.mark.parametrize("s,kinds", [
    ("身份证号：630102198807151232", ["resident_id"]),
    ("630102198807151233（校验位错误也算）", ["resident_id"]),
    ("11010519491231002X", ["resident_id"]),
    ("手机 13897001234", ["mobile"]),
    ("手机 138-9700-1234", ["mobile"]),
    ("+86 13897001234", ["mobile"]),
    ("630102199902301232", []),        # 2月30日 is no date
    ("6301021988071512321", []),       # 19 digits
    ("138****1234", []), ("0971-8252410", []), ("12345", []), ("事项编码11630000MB1234567X4000117001", []),
    ("订单号 2026081513897001234", []),  # a mobile-like run inside a longer number
])
def test_personal_data_patterns(s, kinds):
    assert [k for k, _, _ in find_personal_data(s, ["resident_id", "mobile"])] == kinds


def test_luhn_and_bank_cards():
    assert luhn_ok("6222021234567890128") and not luhn_ok("6222021234567890127")
    assert list(find_bank_cards("6217 0012 3456 7890 122")) == ["6217 0012 3456 7890 122"]
    assert list(find_bank_cards("订单 6217001234567890123")) == []  # fails the Luhn check
    assert list(find_bank_cards("9217001234567890122")) == []  # prefix not in the list
    # The fraction of a random number (Math.random() prints 16–17 digits) is not a card; a card after a full stop is.
    assert list(find_bank_cards("信息条目 0.4111111111111111 与 4111111111111111.5")) == []
    assert list(find_bank_cards("卡号.4111111111111111。")) == ["4111111111111111"]
    # A Gansu resident ID (62…) that happens to pass Luhn is an ID, not a card.
    gansu = next(f"62010219880715{n:03d}{c}" for n in range(1000) for c in "0123456789X"
                 if c != "X" and luhn_ok(f"62010219880715{n:03d}{c}"))
    assert list(find_bank_cards(gansu)) == []
    assert [k for k, _, _ in find_personal_data(gansu, ["resident_id", "bank_card"])] == ["resident_id"]


def test_stored_artifacts_keep_the_fact_that_a_number_was_whole():
    """Artifacts are stored masked; a full number is marked as one, so recheck still finds it (never a pass)."""
    from harness.personal_data import find_personal_data, scrub

    text = "身份证号：630102194503180028 手机 13812345678 卡 6222020200112233445"
    stored = scrub({"t": text}, stored=True)["t"]
    assert "630102194503180028" not in stored and "13812345678" not in stored
    assert "⟦resident_id:6*************0028⟧" in stored and "⟦mobile:138****5678⟧" in stored
    assert [k for k, _, _ in find_personal_data(stored, ["resident_id", "mobile", "bank_card"])] == ["resident_id", "mobile"] + (
        ["bank_card"] if "⟦bank_card:" in stored else [])
    # A page's own masking is not a stored full number.
    assert list(find_personal_data("6301**********0028 138****5678", ["resident_id", "mobile"])) == []
