"""信息处理费 per 国办函〔2020〕109号: per request and per volume bands."""

from decimal import Decimal

import pytest

from disclosure.fees import fee_per_request, fee_per_volume


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
