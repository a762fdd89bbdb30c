"""Section 三 (收到和处理政府信息公开申请情况) computed from the request ledger.

A pure function over ledger records, so every cell can be tested with hand-built cases and the
same classification serves the table, the consistency checks and the drill-down to the requests
behind a cell.

Rules, for report year Y:

- 一 新收: received in Y.
- 二 上年结转: received before Y and not yet settled on 1 January of Y.
- 三 办理结果: settled in Y, in the row of the recorded outcome. A request is settled on the day its
  final outcome was given or, if the applicant withdrew it, on the day of withdrawal.
- 四 结转下年度: received by 31 December of Y and not settled by then.

Withdrawn requests: the national format has no row for withdrawals; a withdrawn request was
received (so it stays in 一 or 二) and its handling ended without a decision on the information, so
it is counted under （六）其他处理 · 3.其他 in the year of withdrawal. This keeps the format's own
check 一 + 二 = 三（七）总计 + 四 true in every column.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from disclosure.taxonomy import APPLICANT_KINDS, OUTCOMES

OUTCOME_WITHDRAWN = "other_3"

ROW_NEW = "new"
ROW_CARRIED_IN = "carried_in"
ROW_RESULT_TOTAL = "result_total"
ROW_CARRIED_OUT = "carried_out"
COLUMN_TOTAL = "total"

OUTCOME_CODES: list[str] = [code for code, _group, _label in OUTCOMES]
ROW_KEYS: list[str] = [ROW_NEW, ROW_CARRIED_IN, *OUTCOME_CODES, ROW_RESULT_TOTAL, ROW_CARRIED_OUT]
KIND_CODES: list[str] = [code for code, _label in APPLICANT_KINDS]
COLUMN_KEYS: list[str] = [*KIND_CODES, COLUMN_TOTAL]


class LedgerRecordLike(Protocol):
    """The fields of `disclosure.reporting.LedgerRecord` this section reads."""

    request_id: int
    number: str
    applicant_kind: str
    received_on: date
    closed_on: date | None
    outcome: str | None
    withdrawn_on: date | None
    fee_paid: Decimal
    fee_paid_on: date | None


@dataclass
class Classification:
    """Which requests fall in which cell; counts are the lengths of these lists."""

    year: int
    cells: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    anomalies: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            row: {column: len(ids) for column, ids in columns.items()}
            for row, columns in self.cells.items()
        }


def settlement(record: LedgerRecordLike) -> tuple[date | None, str | None]:
    """(day the request left the ledger, row it is counted in); (None, None) while open."""
    if record.withdrawn_on is not None:
        return record.withdrawn_on, OUTCOME_WITHDRAWN
    if record.closed_on is not None and record.outcome:
        return record.closed_on, record.outcome
    return None, None


def classify_applications(records: Iterable[LedgerRecordLike], year: int) -> Classification:
    """Place every request of the ledger in the cells of section 三 for `year`."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    result = Classification(
        year=year, cells={row: {column: [] for column in COLUMN_KEYS} for row in ROW_KEYS}
    )

    def put(row: str, record: LedgerRecordLike) -> None:
        result.cells[row][record.applicant_kind].append(record.request_id)
        result.cells[row][COLUMN_TOTAL].append(record.request_id)

    for record in sorted(records, key=lambda r: (r.received_on, r.number, r.request_id)):
        if record.applicant_kind not in KIND_CODES:
            result.anomalies.append(
                f"申请 {record.number} 的申请人类型“{record.applicant_kind}”无效。"
            )
            continue
        if record.received_on > end:
            continue
        settled_on, row = settlement(record)
        if row is not None and row not in OUTCOME_CODES:
            result.anomalies.append(f"申请 {record.number} 的办理结果“{row}”不是年报中的类别。")
            continue
        if record.closed_on is not None and not record.outcome and record.withdrawn_on is None:
            result.anomalies.append(f"申请 {record.number} 已办结但没有记录办理结果。")
        if settled_on is not None and settled_on < record.received_on:
            result.anomalies.append(f"申请 {record.number} 的办结日期早于收到日期。")
        if settled_on is not None and settled_on < start and settled_on >= record.received_on:
            continue
        put(ROW_NEW if record.received_on >= start else ROW_CARRIED_IN, record)
        if settled_on is not None and settled_on <= end:
            if settled_on >= record.received_on:
                put(row, record)
                put(ROW_RESULT_TOTAL, record)
        else:
            put(ROW_CARRIED_OUT, record)
    return result


def fees_charged(records: Iterable[LedgerRecordLike], year: int) -> tuple[Decimal, list[int]]:
    """Information-processing fees actually paid in `year` (section 六), in yuan."""
    total = Decimal("0.00")
    ids: list[int] = []
    for record in records:
        if record.fee_paid_on is not None and record.fee_paid_on.year == year and record.fee_paid:
            total += Decimal(record.fee_paid)
            ids.append(record.request_id)
    return total.quantize(Decimal("0.01")), ids
