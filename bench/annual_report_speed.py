"""How long the annual report takes to compute and render for a large synthetic ledger.

Builds N ledger records (default 100,000) spread over 2023-2026 with every applicant kind, every
outcome, withdrawals and fees, then times the pure section-三 computation for 2025, the
consistency checks, the XLSX workbook and the PDF. Prints figures; never asserts.

    .venv/bin/python bench/annual_report_speed.py [N]
"""

import logging
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from annual_report.checks import check_figures  # noqa: E402
from annual_report.figures import compute_figures  # noqa: E402
from annual_report.models import AnnualReportPage  # noqa: E402
from annual_report.views import render_pdf  # noqa: E402
from annual_report.xlsx import report_workbook  # noqa: E402
from disclosure.taxonomy import APPLICANT_KINDS, OUTCOMES  # noqa: E402


@dataclass(frozen=True)
class Record:
    request_id: int
    number: str
    applicant_kind: str
    received_on: date
    closed_on: date | None
    outcome: str | None
    withdrawn_on: date | None
    fee_paid: Decimal
    fee_paid_on: date | None


def ledger(size: int) -> list[Record]:
    rng = random.Random(2025)
    kinds = [code for code, _ in APPLICANT_KINDS]
    outcomes = [code for code, _, _ in OUTCOMES]
    start = date(2023, 1, 1)
    records = []
    for index in range(size):
        received = start + timedelta(days=rng.randrange(4 * 365))
        roll = rng.random()
        closed = outcome = withdrawn = fee_on = None
        fee = Decimal("0")
        if roll < 0.05:
            withdrawn = received + timedelta(days=rng.randrange(1, 20))
        elif roll < 0.95:
            closed = received + timedelta(days=rng.randrange(1, 60))
            outcome = rng.choice(outcomes)
            if rng.random() < 0.03:
                fee, fee_on = Decimal("100.00"), received + timedelta(days=5)
        records.append(
            Record(
                index,
                f"B-{index}",
                rng.choice(kinds),
                received,
                closed,
                outcome,
                withdrawn,
                fee,
                fee_on,
            )
        )
    return records


class Draft:
    """The attributes the renderers read from a report page, without a database."""

    title = "2025年政府信息公开工作年度报告"
    year = 2025
    overview = "<p>总体情况。</p>"
    problems = other_matters = ""
    licensing = penalty = enforcement = fee_amount = None
    licensing_source = penalty_source = enforcement_source = fee_amount_source = ""

    def __init__(self, figures: dict) -> None:
        self.figures = figures

    def report_figures(self) -> dict:
        return self.figures

    staff_figures = AnnualReportPage.staff_figures


def timed(label: str, function, repeat: int = 3):
    best = None
    result = None
    for _ in range(repeat):
        began = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - began
        best = elapsed if best is None else min(best, elapsed)
    print(f"{label:<40} {best * 1000:9.1f} ms (best of {repeat})")
    return result


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    records = ledger(size)
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    print(f"ledger: {size:,} synthetic requests, 2023-2026")
    figures = timed(
        "compute 2025 figures (sections 二三四, fees)",
        lambda: compute_figures(year=2025, policies=[], ledger=records, appeals=[]),
    )
    print(
        f"  一 新收 {figures['applications']['new']['total']:,}, "
        f"二 上年结转 {figures['applications']['carried_in']['total']:,}, "
        f"四 结转下年度 {figures['applications']['carried_out']['total']:,}"
    )
    failures = timed("consistency checks", lambda: check_figures(figures))
    print(f"  failures: {len(failures)}")
    page = Draft(figures)
    xlsx = timed("XLSX workbook", lambda: report_workbook(figures, page.staff_figures()))
    print(f"  {len(xlsx):,} bytes")
    pdf = timed("PDF (WeasyPrint, Noto CJK)", lambda: render_pdf(page, "http://localhost/"), 2)
    print(f"  {len(pdf):,} bytes")


if __name__ == "__main__":
    main()
