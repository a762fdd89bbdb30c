"""Section 二 (主动公开政府信息情况): 规章 and 行政规范性文件 counted from the policy library.

Pure functions over plain facts about each published document, so the counting rules are
testable without pages:

- 本年制发件数: documents of the level whose 发布日期 falls in the year.
- 本年废止件数: documents whose 有效性 became 全文失效 or 全文废止 during the year (counted once,
  on the first such change in the year, and only if they were in force before it).
- 现行有效件数: documents published by 31 December whose 有效性 on that day, read from the validity
  history, is 全文有效, 部分失效 or 已修改. 尚未生效 documents are not yet in force.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

SECTION2_LEVELS: list[tuple[str, str]] = [("rule", "规章"), ("normative", "行政规范性文件")]
DEAD = {"invalid", "repealed"}
IN_FORCE = {"valid", "partially_invalid", "amended"}


@dataclass(frozen=True)
class PolicyFact:
    page_id: int
    level: str
    publish_date: date | None
    validity: str
    history: tuple[tuple[date, str], ...] = field(default_factory=tuple)


def validity_on(fact: PolicyFact, day: date) -> str | None:
    """有效性 on `day`: the last history entry on or before it; the current value if no history."""
    if not fact.history:
        return fact.validity
    state = None
    for changed_on, validity in sorted(fact.history):
        if changed_on <= day:
            state = validity
    return state


def count_policies(facts: Iterable[PolicyFact], year: int) -> dict[str, dict[str, list[int]]]:
    """{level: {"issued"|"repealed"|"valid": [page ids]}} for the two statutory levels."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    result = {level: {"issued": [], "repealed": [], "valid": []} for level, _ in SECTION2_LEVELS}
    for fact in facts:
        if fact.level not in result or fact.publish_date is None:
            continue
        cells = result[fact.level]
        if start <= fact.publish_date <= end:
            cells["issued"].append(fact.page_id)
        if fact.publish_date > end:
            continue
        if _repealed_in(fact, start, end):
            cells["repealed"].append(fact.page_id)
        state = validity_on(fact, end)
        if state is None:
            state = fact.validity
        if state in IN_FORCE:
            cells["valid"].append(fact.page_id)
    return result


def _repealed_in(fact: PolicyFact, start: date, end: date) -> bool:
    if not fact.history:
        return False
    before = validity_on(fact, date.fromordinal(start.toordinal() - 1))
    if before in DEAD:
        return False
    return any(start <= day <= end and state in DEAD for day, state in fact.history)
