"""Writes for the annual report: generating drafts and recording reconsiderations and lawsuits."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from annual_report.models import AnnualReportPage, AppealCase
from annual_report.selectors import current_figures, report_for_year


class ReportPublishRefused(ValidationError):
    """The report failed a consistency check; the messages name each failing cell."""


def fill_figures(page: AnnualReportPage) -> None:
    """Compute the year's figures now and store them on the page as its draft."""
    page.figures = current_figures(page.year)
    page.figures_generated_at = timezone.now()


@transaction.atomic
def report_create(
    *, parent, year: int, title: str | None = None, user=None, **fields
) -> AnnualReportPage:
    """Create the year's report as an unpublished draft with freshly computed figures."""
    if report_for_year(year) is not None:
        raise ValidationError({"year": f"{year} 年度的报告已存在。"})
    from annual_report.workflow import ensure_report_workflow

    ensure_report_workflow()
    page = AnnualReportPage(
        title=title or f"{year}年政府信息公开工作年度报告",
        slug=f"{year}",
        year=year,
        live=False,
        **fields,
    )
    fill_figures(page)
    parent.add_child(instance=page)
    page.save_revision(user=user)
    return page


@transaction.atomic
def report_generate_draft(*, page: AnnualReportPage, user=None) -> AnnualReportPage:
    """Recompute the figures into a new draft revision; the live report stays as published."""
    draft = page.get_latest_revision_as_object()
    fill_figures(draft)
    draft.save_revision(user=user, log_action=True)
    return draft


@transaction.atomic
def appeal_case_record(
    *,
    request,
    route: str,
    filed_on: date,
    result: str = "pending",
    decided_on: date | None = None,
    case_number: str = "",
    note: str = "",
) -> AppealCase:
    """Record a reconsideration or lawsuit about a request (section 四)."""
    case = AppealCase(
        request=request,
        route=route,
        filed_on=filed_on,
        result=result,
        decided_on=decided_on,
        case_number=case_number,
        note=note,
    )
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def appeal_case_decide(*, case: AppealCase, result: str, decided_on: date) -> AppealCase:
    """Record the result of a case that was pending."""
    case.result = result
    case.decided_on = decided_on
    case.full_clean()
    case.save()
    return case
