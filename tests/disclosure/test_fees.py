"""信息处理费 per 国办函〔2020〕109号: per request and per volume bands."""

from datetime import date
from decimal import Decimal

import pytest

from disclosure import services
from disclosure.fees import fee_per_request, fee_per_volume
from portal.errors import RuleViolation

from .factories import VALID_ID, RequestFactory


@pytest.mark.parametrize(
    ("ordinal", "amount"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)],
)
def test_per_request_bands(ordinal, amount):
    assert fee_per_request(ordinal)[0] == Decimal(amount)


@pytest.mark.parametrize(
    ("pages", "amount"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)],
)
def test_per_volume_bands(pages, amount):
    assert fee_per_volume(pages)[0] == Decimal(amount)


def test_invalid_quantities_are_refused():
    with pytest.raises(ValueError):
        fee_per_request(0)
    with pytest.raises(ValueError):
        fee_per_volume(-1)


# --- 按件计收 counted from the ledger (same applicant, same calendar month) -----------------


@pytest.mark.django_db
def test_the_monthly_count_comes_from_the_ledger_not_from_staff(office_user):
    RequestFactory(received_on=date(2026, 8, 31))  # the month before: not counted
    for day in range(1, 11):
        RequestFactory(received_on=date(2026, 9, day))
    RequestFactory(received_on=date(2026, 9, 3), applicant_kind="commercial")  # someone else
    eleventh = RequestFactory(received_on=date(2026, 9, 14), id_number=VALID_ID.lower())
    with pytest.raises(RuleViolation, match="第11件申请；更正为第3件须写明理由"):
        services.request_fee_notice(
            request=eleventh,
            method="per_request",
            quantity=3,
            notice_on=date(2026, 9, 15),
            actor=office_user,
        )
    fee = services.request_fee_notice(
        request=eleventh, method="per_request", notice_on=date(2026, 9, 15), actor=office_user
    )
    assert fee.quantity == 11 and fee.amount == Decimal("100")
    assert fee.calculation.startswith("按台账统计，本月第11件申请")


@pytest.mark.django_db
def test_staff_may_correct_the_count_with_a_reason(office_user):
    request = RequestFactory(received_on=date(2026, 9, 14))
    fee = services.request_fee_notice(
        request=request,
        method="per_request",
        quantity=12,
        quantity_reason="申请人以两个名称重复提交，另11件登记在其公司名下",
        notice_on=date(2026, 9, 15),
        actor=office_user,
    )
    assert fee.quantity == 12 and fee.amount == Decimal("100")
    assert "台账统计为本月第1件" in fee.calculation
    assert "经办人更正为第12件，理由：申请人以两个名称重复提交" in fee.calculation
