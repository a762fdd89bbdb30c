"""Registers published annual reports with the one search index (title, narrative, year)."""

from datetime import date

from django.utils.html import strip_tags

from annual_report.models import AnnualReportPage
from annual_report.presentation import fee_sentence
from search.registry import IndexDocument, document_key, register


def report_to_document(page: AnnualReportPage) -> IndexDocument | None:
    if not page.live:
        return None
    parts = [page.overview, page.problems, fee_sentence(page.report_figures()), page.other_matters]
    published = page.first_published_at.date() if page.first_published_at else None
    return IndexDocument(
        key=document_key(page),
        content_type="annual_report",
        title=page.title,
        body="\n".join(strip_tags(part) for part in parts if part),
        url=page.url or "",
        publish_date=published or date(page.year + 1, 1, 31),
    )


register(
    AnnualReportPage,
    content_type="annual_report",
    label="政府信息公开年报",
    to_document=report_to_document,
    queryset=lambda: AnnualReportPage.objects.live().public().specific(),
)
