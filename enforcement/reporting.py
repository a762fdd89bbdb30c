"""The 第二十条 figures the annual report's 表二 counts (its only way into this app).

Published (live) rows only: a draft awaiting review is not yet a disclosed decision. Decisions
count by 决定日期, whether or not their 公示期限 has ended; fee items by their 年度.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from enforcement.models import EnforcementDecision, FeeItem


@dataclass(frozen=True)
class Article20Figures:
    year: int
    licensing: int  # 行政许可 decisions made in the year
    penalty: int  # 行政处罚
    coercion: int  # 行政强制
    fee_amount: Decimal  # 行政事业性收费 collected, 万元
    fee_items: int  # published fee items of the year (0 with an amount of 0: nothing listed)


def article20_figures(year: int) -> Article20Figures:
    counts = dict(
        EnforcementDecision.objects.filter(live=True, decided_on__year=year)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    fees = FeeItem.objects.filter(live=True, year=year).aggregate(
        total=Sum("amount"), n=Count("pk")
    )
    return Article20Figures(
        year=year,
        licensing=counts.get("XK", 0),
        penalty=counts.get("CF", 0),
        coercion=counts.get("QZ", 0),
        fee_amount=fees["total"] or Decimal("0"),
        fee_items=fees["n"],
    )


ARTICLE20_ROW_HEADINGS = [
    "决定书文号（收费项目）",
    "当事人（收费标准）",
    "决定日期（年度）",
    "事项（金额，万元）",
]
KINDS_OF_MEASURE = {"licensing": "XK", "penalty": "CF", "coercion": "QZ"}


@dataclass(frozen=True)
class Article20Row:
    """One published row counted in 表二, for the report's drill-down (staff only: the name
    is not masked)."""

    id: int
    admin_url: str
    cells: tuple[str, ...]


def article20_rows(year: int, measure: str) -> list[Article20Row]:
    """The rows behind one 表二 figure: decisions of a kind, or the fee items (fee_amount)."""
    from django.urls import reverse

    if measure in KINDS_OF_MEASURE:
        decisions = EnforcementDecision.objects.filter(
            live=True, decided_on__year=year, kind=KINDS_OF_MEASURE[measure]
        ).order_by("decided_on", "pk")
        url_name = EnforcementDecision.snippet_viewset.get_url_name("edit")
        return [
            Article20Row(
                id=row.pk,
                admin_url=reverse(url_name, args=[row.pk]),
                cells=(row.document_number, row.party_name, row.decided_on.isoformat(), row.matter),
            )
            for row in decisions
        ]
    if measure in ("fee_amount", "fee_items"):
        url_name = FeeItem.snippet_viewset.get_url_name("edit")
        return [
            Article20Row(
                id=row.pk,
                admin_url=reverse(url_name, args=[row.pk]),
                cells=(row.name, row.standard, str(row.year), row.amount_text),
            )
            for row in FeeItem.objects.filter(live=True, year=year).order_by("name")
        ]
    raise KeyError(measure)
