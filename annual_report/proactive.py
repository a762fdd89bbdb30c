"""Section 二 (主动公开政府信息情况): 规章 and 行政规范性文件 counted from the policy library.

Pure functions over plain facts about each published document, so the counting rules are
testable without pages.

Only documents issued by this portal's own agency are counted (a 联合发文 when the agency is one
of its issuers): a library also holds the national STA's documents, which another agency
reports. A document's date is its 发布日期, else its 成文日期; `split_by_agency` says which
documents were left out and why, for the staff review. Then:

- 本年制发件数: documents of the level whose date falls in the year.
- 本年废止件数: documents whose 有效性 became 全文失效 or 全文废止 during the year (counted once,
  on the first such change in the year, and only if they were in force before it).
- 现行有效件数: documents published by 31 December whose 有效性 on that day, read from the validity
  history, is 全文有效, 部分失效 or 已修改. 尚未生效 documents are not yet in force.
"""

import unicodedata
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
    publish_date: date | None  # the document's date: 发布日期, else 成文日期
    validity: str
    # (changed_on, validity) by date, then in the order recorded; a None date (日期不详) is the
    # document's original 有效性, from the start.
    history: tuple[tuple[date | None, str], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Exclusion:
    page_id: int
    reason: str


def _plain_name(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name or "").split())


def split_by_agency(
    facts: Iterable[PolicyFact], authorities: dict[int, tuple[str, ...]], agency: str | None
) -> tuple[list[PolicyFact], list[Exclusion]]:
    """(facts to count, documents left out with the reason) among the 表二 levels.

    `authorities` gives each document's 发文机关 names; `agency` is the name of this portal's
    agency (机构职能, 本机关), None while staff have not marked one."""
    levels = {level for level, _ in SECTION2_LEVELS}
    counted, excluded = [], []
    own = _plain_name(agency or "")
    for fact in facts:
        if fact.level not in levels:
            continue
        names = authorities.get(fact.page_id, ())
        if not own:
            excluded.append(Exclusion(fact.page_id, "尚未在机构职能中标明本机关，无法判断发文机关"))
        elif own not in {_plain_name(name) for name in names}:
            issuers = "、".join(names) or "未填写"
            excluded.append(Exclusion(fact.page_id, f"发文机关（{issuers}）不含本机关（{agency}）"))
        elif fact.publish_date is None:
            excluded.append(Exclusion(fact.page_id, "未填写发布日期和成文日期，无法判断所属年度"))
        else:
            counted.append(fact)
    return counted, excluded


def _in_order(fact: PolicyFact) -> list[tuple[date | None, str]]:
    """The history by date; entries of one day keep their recorded sequence (a stable sort,
    never by the validity code, which would put 全文废止 before 全文有效 of the same day)."""
    return sorted(fact.history, key=lambda entry: entry[0] or date.min)


def validity_on(fact: PolicyFact, day: date) -> str | None:
    """有效性 on `day`: the last history entry on or before it; the current value if no history."""
    if not fact.history:
        return fact.validity
    state = None
    for changed_on, validity in _in_order(fact):
        if changed_on is None or changed_on <= day:
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
    return any(
        day is not None and start <= day <= end and state in DEAD for day, state in fact.history
    )
