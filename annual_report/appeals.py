"""Section 四 (政府信息公开行政复议、行政诉讼情况): 15 numbers from the staff's record of cases.

A case belongs to year Y's table when it was filed by 31 December of Y and was still open on
1 January of Y or later. Decided during Y, it is counted under its result (维持, 纠正, 其他结果);
not decided by 31 December, under 尚未审结. So a case open across a year end appears as 尚未审结 in
the first report and under its result in the next, which is what the format asks for.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

ROUTES: list[tuple[str, str]] = [
    ("reconsideration", "行政复议"),
    ("direct_lawsuit", "未经复议直接起诉"),
    ("lawsuit_after_reconsideration", "复议后起诉"),
]
RESULTS: list[tuple[str, str]] = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
]
RESULT_TOTAL = "total"
RESULT_KEYS: list[str] = [key for key, _ in RESULTS] + [RESULT_TOTAL]


@dataclass(frozen=True)
class AppealFact:
    case_id: int
    route: str
    filed_on: date
    result: str  # one of RESULTS; "pending" while undecided
    decided_on: date | None


def count_appeals(facts: Iterable[AppealFact], year: int) -> dict[str, dict[str, list[int]]]:
    """{route: {result|"total": [case ids]}} for `year`."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    table = {route: {key: [] for key in RESULT_KEYS} for route, _ in ROUTES}
    for fact in facts:
        if fact.route not in table or fact.filed_on > end:
            continue
        decided = fact.result != "pending" and fact.decided_on is not None
        if decided and fact.decided_on < start:
            continue
        column = fact.result if decided and fact.decided_on <= end else "pending"
        table[fact.route][column].append(fact.case_id)
        table[fact.route][RESULT_TOTAL].append(fact.case_id)
    return table
