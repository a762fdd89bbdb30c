"""信息处理费 calculator per 国办函〔2020〕109号 (政府信息公开信息处理费管理办法).

Two methods, both progressive:
- per request (按件计收): an applicant's 1st–10th request in a calendar month is free, the
  11th–30th costs 100 yuan each, and each further band of 10 adds 100 yuan per request;
- per volume (按量计收): pages 1–30 free, 31–100 at 10 yuan, 101–200 at 20 yuan, beyond 200 at
  40 yuan a page.
"""

from decimal import Decimal

_VOLUME_BANDS = [
    (30, Decimal("0")),
    (100, Decimal("10")),
    (200, Decimal("20")),
    (None, Decimal("40")),
]


def fee_per_request(ordinal: int) -> tuple[Decimal, str]:
    """Fee for an applicant's `ordinal`-th request of the calendar month."""
    if ordinal < 1:
        raise ValueError("本月申请序号应为正整数。")
    if ordinal <= 10:
        return Decimal("0"), f"本月第{ordinal}件申请，10件以内（含）不收费。"
    if ordinal <= 30:
        return Decimal("100"), f"本月第{ordinal}件申请，第11至30件每件100元。"
    band = (ordinal - 31) // 10 + 1
    amount = Decimal(100 + 100 * band)
    low, high = 31 + (band - 1) * 10, 30 + band * 10
    return amount, f"本月第{ordinal}件申请，第{low}至{high}件每件{amount}元。"


def fee_per_volume(pages: int) -> tuple[Decimal, str]:
    """Fee for one request answered with `pages` pages (A4 or equivalent)."""
    if pages < 0:
        raise ValueError("页数不能为负数。")
    total = Decimal("0")
    parts = []
    lower = 0
    for upper, price in _VOLUME_BANDS:
        top = pages if upper is None else min(pages, upper)
        count = max(top - lower, 0)
        if count and price:
            total += price * count
            parts.append(f"第{lower + 1}至{top}页{count}页×{price}元")
        if upper is None or pages <= upper:
            break
        lower = upper
    if not parts:
        return Decimal("0"), f"共{pages}页，30页以内（含）不收费。"
    return total, f"共{pages}页：30页以内免费；" + "；".join(parts) + f"；合计{total}元。"


def calculate_fee(method: str, quantity: int) -> tuple[Decimal, str]:
    if method == "per_request":
        return fee_per_request(quantity)
    if method == "per_volume":
        return fee_per_volume(quantity)
    raise ValueError("请选择计收方式。")
