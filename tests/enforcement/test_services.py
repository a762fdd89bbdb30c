"""Writes refuse bad rows with a Chinese message and change nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from enforcement.models import EnforcementDecision, FeeItem
from enforcement.rules import PARTY_NATURAL, credit_code_problem, masked_name
from tests.enforcement.builders import credit_code, decision, fee


def _refused(build, *args, **kwargs) -> str:
    before = (EnforcementDecision.objects.count(), FeeItem.objects.count())
    with pytest.raises(ValidationError) as caught:
        build(*args, **kwargs)
    assert (EnforcementDecision.objects.count(), FeeItem.objects.count()) == before
    return " ".join(caught.value.messages)


def test_a_new_decision_is_a_draft_with_an_index_number(unit):
    row = decision(unit, published=False, decided_on=date(2025, 4, 1), kind="XK")
    assert not row.live and row.latest_revision is not None
    assert row.index_number == "XZXK-2025-00001"
    second = decision(unit, published=False, decided_on=date(2025, 5, 1), kind="XK")
    assert second.index_number == "XZXK-2025-00002"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"credit_code": "91110108MA01ABCD1X"}, "校验位不正确"),
        ({"credit_code": "123"}, "应为18位"),
        ({"credit_code": ""}, "请填写统一社会信用代码"),
        ({"party_type": PARTY_NATURAL, "credit_code": "91110108MA01ABCD1X"}, "自然人时不填写"),
        ({"publicity_until": date(2025, 1, 1)}, "不能早于决定日期"),
        ({"kind": "ZZ"}, "ZZ"),
        ({"matter": ""}, "不能为空"),
    ],
)
def test_bad_decisions_are_refused_in_chinese(unit, fields, message):
    assert message in _refused(decision, unit, published=False, **fields)


def test_unknown_or_missing_unit_is_refused(unit):
    assert "作出决定机关不存在" in _refused(decision, unit, unit_id=999999)
    assert "请选择作出决定机关" in _refused(decision, unit, unit_id=None)


def test_document_number_is_unique(unit):
    decision(unit, document_number="京税稽罚〔2025〕1号")
    assert "决定书文号" in _refused(decision, unit, document_number="京税稽罚〔2025〕1号")


def test_bad_fee_items_are_refused(unit):
    fee(year=2025, name="证照工本费")
    assert "2025年已有收费项目“证照工本费”" in _refused(fee, year=2025, name="证照工本费")
    assert _refused(fee, amount=Decimal("-1"))
    assert _refused(fee, year=1990)
    assert "收费单位不存在" in _refused(fee, unit_id=999999)


def test_credit_codes_and_masking():
    assert credit_code_problem(credit_code(1)) == ""
    assert credit_code_problem("91350100M000100Y43") == ""  # the standard's own example
    assert masked_name("张三") == "张*"
    assert masked_name("欧阳小明") == "欧***"
    assert masked_name("李") == "李*"
