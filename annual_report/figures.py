"""The computed figures of one annual report as a plain, JSON-ready dict.

The draft stores exactly this dict as its snapshot; the public page, the downloads and the
command render it, and the consistency checks compare it with a fresh computation. Keeping it
plain data (no models) lets every layer share one shape.
"""

from collections.abc import Iterable
from decimal import Decimal

from annual_report.appeals import RESULT_KEYS, ROUTES, AppealFact, count_appeals
from annual_report.applications import (
    COLUMN_KEYS,
    ROW_KEYS,
    LedgerRecordLike,
    classify_applications,
    fees_charged,
)
from annual_report.proactive import SECTION2_LEVELS, PolicyFact, count_policies

POLICY_MEASURES = ["issued", "repealed", "valid"]
# 表二's 第二十条第（五）（六）（八）项: decisions counted and fees summed by the enforcement
# lists (`enforcement.reporting`); fee_items tells "no fee listed" from "fees of 0".
ARTICLE20_COUNTS = ["licensing", "penalty", "coercion"]


def empty_article20() -> dict:
    return {**dict.fromkeys(ARTICLE20_COUNTS, 0), "fee_amount": "0", "fee_items": 0}


def compute_figures(
    *,
    year: int,
    policies: Iterable[PolicyFact],
    ledger: Iterable[LedgerRecordLike],
    appeals: Iterable[AppealFact],
    article20: dict | None = None,
) -> dict:
    """Sections 二, 三, 四 and the fees of 六 for `year`; `article20` holds the 行政许可/处罚/
    强制 counts and the 行政事业性收费 amount (万元, as text) the enforcement lists report."""
    ledger = list(ledger)
    policy_cells = count_policies(policies, year)
    applications = classify_applications(ledger, year)
    appeal_cells = count_appeals(appeals, year)
    fee_total, fee_ids = fees_charged(ledger, year)
    return {
        "year": year,
        "policies": {
            level: {measure: len(policy_cells[level][measure]) for measure in POLICY_MEASURES}
            for level, _ in SECTION2_LEVELS
        },
        "applications": applications.counts(),
        "appeals": {
            route: {key: len(appeal_cells[route][key]) for key in RESULT_KEYS}
            for route, _ in ROUTES
        },
        "article20": {**empty_article20(), **(article20 or {})},
        "fees": {"amount": str(fee_total), "requests": len(fee_ids)},
        "anomalies": list(applications.anomalies),
    }


def empty_figures(year: int) -> dict:
    """All-zero figures, the shape `compute_figures` returns, for a report never generated."""
    return {
        "year": year,
        "policies": {level: dict.fromkeys(POLICY_MEASURES, 0) for level, _ in SECTION2_LEVELS},
        "applications": {row: dict.fromkeys(COLUMN_KEYS, 0) for row in ROW_KEYS},
        "appeals": {route: dict.fromkeys(RESULT_KEYS, 0) for route, _ in ROUTES},
        "article20": empty_article20(),
        "fees": {"amount": str(Decimal("0.00")), "requests": 0},
        "anomalies": [],
    }


def flatten(figures: dict) -> dict[tuple[str, ...], object]:
    """Every number keyed by its path, so two snapshots can be compared cell by cell."""
    flat: dict[tuple[str, ...], object] = {}
    for section in ("policies", "applications", "appeals"):
        for row, columns in figures.get(section, {}).items():
            for column, value in columns.items():
                flat[(section, row, column)] = value
    for key, value in figures.get("article20", {}).items():
        flat[("article20", key)] = value
    fees = figures.get("fees", {})
    flat[("fees", "amount")] = fees.get("amount")
    flat[("fees", "requests")] = fees.get("requests")
    return flat
