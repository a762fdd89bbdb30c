"""A hand-built ledger for report year 2025 whose every cell is known in advance.

Each case says why it is there; `EXPECTED_2025` was worked out by hand from these cases, not
computed by the code under test.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from disclosure.taxonomy import OUTCOMES


@dataclass(frozen=True)
class Record:
    """Same fields as `disclosure.reporting.LedgerRecord`."""

    request_id: int
    number: str
    applicant_kind: str
    received_on: date
    closed_on: date | None = None
    outcome: str | None = None
    withdrawn_on: date | None = None
    fee_paid: Decimal = Decimal("0")
    fee_paid_on: date | None = None


KINDS = ["natural_person", "commercial", "research", "public_welfare", "legal_service", "other_org"]


def outcome_loop() -> list[Record]:
    """One request for each of the 21 outcome rows, received and answered in 2025, kinds cycling."""
    return [
        Record(
            request_id=100 + index,
            number=f"2025-L{index:02d}",
            applicant_kind=KINDS[index % 6],
            received_on=date(2025, 3, 1 + index),
            closed_on=date(2025, 6, 1),
            outcome=code,
        )
        for index, (code, _group, _label) in enumerate(OUTCOMES)
    ]


EXTRAS = {
    # answered in the year, with an information-processing fee paid
    "A": Record(
        1,
        "2025-A",
        "natural_person",
        date(2025, 4, 1),
        date(2025, 4, 20),
        "disclose",
        fee_paid=Decimal("120.00"),
        fee_paid_on=date(2025, 4, 18),
    ),
    # withdrawn by the applicant in the year -> （六）3.其他
    "B": Record(2, "2025-B", "natural_person", date(2025, 5, 1), withdrawn_on=date(2025, 5, 10)),
    # received in 2024, answered in 2025 -> 上年结转
    "C": Record(3, "2024-C", "commercial", date(2024, 12, 20), date(2025, 1, 10), "disclose"),
    # received in 2024, withdrawn in 2025 -> 上年结转 and （六）3.其他
    "D": Record(4, "2024-D", "natural_person", date(2024, 11, 1), withdrawn_on=date(2025, 2, 1)),
    # received and answered in 2024, fee paid in 2024 -> not in the 2025 report at all
    "E": Record(
        5,
        "2024-E",
        "public_welfare",
        date(2024, 6, 1),
        date(2024, 7, 1),
        "disclose",
        fee_paid=Decimal("50.00"),
        fee_paid_on=date(2024, 6, 20),
    ),
    # received in 2023 and still open -> 上年结转 and 结转下年度
    "F": Record(6, "2023-F", "research", date(2023, 10, 1)),
    # received late in 2025, open -> 结转下年度
    "G": Record(7, "2025-G", "legal_service", date(2025, 12, 20)),
    # received in 2025, answered in 2026 -> 结转下年度
    "H": Record(8, "2025-H", "other_org", date(2025, 12, 28), date(2026, 1, 5), "partial"),
    # received in 2026 -> not in the 2025 report
    "I": Record(9, "2026-I", "natural_person", date(2026, 1, 3)),
    # received at the end of 2024, refused in 2025 to protect a third party
    "J": Record(10, "2024-J", "legal_service", date(2024, 12, 30), date(2025, 1, 6), "refuse_4"),
    # partly disclosed with a fee
    "K": Record(
        11,
        "2025-K",
        "public_welfare",
        date(2025, 7, 1),
        date(2025, 7, 15),
        "partial",
        fee_paid=Decimal("30.50"),
        fee_paid_on=date(2025, 7, 10),
    ),
    # received and withdrawn in 2024 -> not in the 2025 report
    "L": Record(12, "2024-L", "other_org", date(2024, 12, 15), withdrawn_on=date(2024, 12, 20)),
}


def ledger() -> list[Record]:
    return [*outcome_loop(), *EXTRAS.values()]


# Rows in table order; columns 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
EXPECTED_2025 = {
    "new": [6, 4, 4, 4, 4, 4, 26],
    "carried_in": [1, 1, 1, 0, 1, 0, 4],
    "disclose": [2, 1, 0, 0, 0, 0, 3],
    "partial": [0, 1, 0, 1, 0, 0, 2],
    "refuse_1": [0, 0, 1, 0, 0, 0, 1],
    "refuse_2": [0, 0, 0, 1, 0, 0, 1],
    "refuse_3": [0, 0, 0, 0, 1, 0, 1],
    "refuse_4": [0, 0, 0, 0, 1, 1, 2],
    "refuse_5": [1, 0, 0, 0, 0, 0, 1],
    "refuse_6": [0, 1, 0, 0, 0, 0, 1],
    "refuse_7": [0, 0, 1, 0, 0, 0, 1],
    "refuse_8": [0, 0, 0, 1, 0, 0, 1],
    "unable_1": [0, 0, 0, 0, 1, 0, 1],
    "unable_2": [0, 0, 0, 0, 0, 1, 1],
    "unable_3": [1, 0, 0, 0, 0, 0, 1],
    "not_processed_1": [0, 1, 0, 0, 0, 0, 1],
    "not_processed_2": [0, 0, 1, 0, 0, 0, 1],
    "not_processed_3": [0, 0, 0, 1, 0, 0, 1],
    "not_processed_4": [0, 0, 0, 0, 1, 0, 1],
    "not_processed_5": [0, 0, 0, 0, 0, 1, 1],
    "other_1": [1, 0, 0, 0, 0, 0, 1],
    "other_2": [0, 1, 0, 0, 0, 0, 1],
    "other_3": [2, 0, 1, 0, 0, 0, 3],
    "result_total": [7, 5, 4, 4, 4, 3, 27],
    "carried_out": [0, 0, 1, 0, 1, 1, 3],
}
