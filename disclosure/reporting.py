"""Read contract for the annual report (政府信息公开工作年度报告, 国办公开办函〔2021〕30号).

The annual report counts requests from these plain records only, so the report never depends on
this app's tables or on personal data (purged requests are still listed).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.urls import reverse

from disclosure.models import DisclosureRequest


@dataclass(frozen=True)
class LedgerRecord:
    request_id: int
    number: str  # 申请编号, e.g. YSQ-2026-000123
    applicant_kind: str  # a code from disclosure.taxonomy.APPLICANT_KINDS
    received_on: date  # statutory receipt date (Art. 31)
    closed_on: date | None  # date the final outcome was given; None while open
    outcome: str | None  # a code from disclosure.taxonomy.OUTCOMES; None while open or withdrawn
    withdrawn_on: date | None  # date the applicant withdrew; None otherwise
    fee_paid: Decimal  # information-processing fee actually paid, yuan
    fee_paid_on: date | None


def ledger_records() -> list[LedgerRecord]:
    """Every request ever registered, including those whose personal data was purged."""
    records = []
    rows = DisclosureRequest.objects.select_related("fee").order_by("received_on", "pk")
    for row in rows.only(
        "pk",
        "number",
        "applicant_kind",
        "received_on",
        "closed_on",
        "outcome",
        "withdrawn_on",
        "status",
        "fee__paid_amount",
        "fee__paid_on",
    ):
        fee = getattr(row, "fee", None)
        paid = fee.paid_amount if fee is not None and fee.paid_on else None
        withdrawn = row.withdrawn_on
        records.append(
            LedgerRecord(
                request_id=row.pk,
                number=row.number,
                applicant_kind=row.applicant_kind,
                received_on=row.received_on,
                closed_on=None if withdrawn else row.closed_on,
                outcome=(row.outcome or None) if not withdrawn else None,
                withdrawn_on=withdrawn,
                fee_paid=paid if paid is not None else Decimal("0"),
                fee_paid_on=fee.paid_on if paid is not None else None,
            )
        )
    return records


def request_admin_url(request_id: int) -> str:
    """Admin URL of one request's detail page (used for the annual report's drill-down)."""
    return reverse("disclosure_admin:detail", args=[request_id])
