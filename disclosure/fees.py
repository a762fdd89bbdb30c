"""信息处理费 calculator per 国办函〔2020〕109号 (政府信息公开信息处理费管理办法).

Two methods, both progressive, with the thresholds from `disclosure.rules`:
- per request (按件计收): an applicant's 1st–10th request in a calendar month is free, the
  11th–30th costs 100 yuan each, and each further band of 10 adds 100 yuan per request;
- per volume (按量计收): pages 1–30 free, 31–100 at 10 yuan, 101–200 at 20 yuan, beyond 200 at
  40 yuan a page.
"""

from decimal import Decimal

from disclosure import rules


def fee_per_request(ordinal: int) -> tuple[Decimal, str]:
    """Fee for an applicant's `ordinal`-th request of the calendar month."""
    free, first_last = rules.FEE_FREE_REQUESTS_PER_MONTH, rules.FEE_FIRST_BAND_LAST_REQUEST
    if ordinal < 1:
        raise ValueError("本月申请序号应为正整数。")
    if ordinal <= free:
        return Decimal("0"), f"本月第{ordinal}件申请，{free}件以内（含）不收费。"
    if ordinal <= first_last:
        price = rules.FEE_FIRST_BAND_PRICE
        return price, f"本月第{ordinal}件申请，第{free + 1}至{first_last}件每件{price}元。"
    band = (ordinal - first_last - 1) // rules.FEE_BAND_SIZE + 1
    amount = rules.FEE_FIRST_BAND_PRICE + rules.FEE_BAND_STEP * band
    low = first_last + 1 + (band - 1) * rules.FEE_BAND_SIZE
    high = first_last + band * rules.FEE_BAND_SIZE
    return amount, f"本月第{ordinal}件申请，第{low}至{high}件每件{amount}元。"


def fee_per_volume(pages: int) -> tuple[Decimal, str]:
    """Fee for one request answered with `pages` pages (A4 or equivalent)."""
    if pages < 0:
        raise ValueError("页数不能为负数。")
    free_pages = rules.FEE_VOLUME_BANDS[0][0]
    total = Decimal("0")
    parts = []
    lower = 0
    for upper, price in rules.FEE_VOLUME_BANDS:
        top = pages if upper is None else min(pages, upper)
        count = max(top - lower, 0)
        if count and price:
            total += price * count
            parts.append(f"第{lower + 1}至{top}页{count}页×{price}元")
        if upper is None or pages <= upper:
            break
        lower = upper
    if not parts:
        return Decimal("0"), f"共{pages}页，{free_pages}页以内（含）不收费。"
    return total, f"共{pages}页：{free_pages}页以内免费；" + "；".join(parts) + f"；合计{total}元。"


def fee_rules_summary() -> str:
    """The two charging methods in one paragraph, for the staff calculator page."""
    volume = []
    lower = 0
    for upper, price in rules.FEE_VOLUME_BANDS:
        if not price:
            volume.append(f"{upper}页以内免费")
        elif upper is None:
            volume.append(f"{lower}页以上每页{price}元")
        else:
            volume.append(f"{lower + 1}至{upper}页每页{price}元")
        lower = upper or lower
    return (
        "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）。"
        f"按件：同一申请人一个自然月内{rules.FEE_FREE_REQUESTS_PER_MONTH}件以内免费，"
        f"第{rules.FEE_FREE_REQUESTS_PER_MONTH + 1}至{rules.FEE_FIRST_BAND_LAST_REQUEST}件"
        f"每件{rules.FEE_FIRST_BAND_PRICE}元，此后每增加{rules.FEE_BAND_SIZE}件"
        f"每件加收{rules.FEE_BAND_STEP}元。按量：" + "，".join(volume) + "。"
    )


def calculate_fee(method: str, quantity: int) -> tuple[Decimal, str]:
    if method == "per_request":
        return fee_per_request(quantity)
    if method == "per_volume":
        return fee_per_volume(quantity)
    raise ValueError("请选择计收方式。")
