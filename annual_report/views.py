"""Public downloads of a published report: the tables as XLSX and the whole report as PDF."""

import logging

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string

from annual_report.models import AnnualReportPage
from annual_report.presentation import report_context
from annual_report.xlsx import report_workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _published(year: int) -> AnnualReportPage:
    page = None
    if 2008 <= year <= 2100:
        page = AnnualReportPage.objects.live().public().filter(year=year).first()
    if page is None:
        raise Http404(f"{year} 年度报告尚未发布。")
    return page


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def report_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    page = _published(year)
    content = report_workbook(page.report_figures(), page.staff_figures())
    return _attachment(content, XLSX_TYPE, f"annual-report-{year}.xlsx")


def render_pdf(page: AnnualReportPage, base_url: str) -> bytes:
    from weasyprint import HTML

    # WeasyPrint narrates every layout step at INFO; one line per step per download is noise.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    html = render_to_string("annual_report/pdf.html", {"page": page, **report_context(page)})
    return HTML(string=html, base_url=base_url).write_pdf()


def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """Rendering takes about two seconds, so the PDF is cached per published revision."""
    page = _published(year)
    published = page.last_published_at.timestamp() if page.last_published_at else 0
    key = f"annual_report:pdf:{page.pk}:{page.live_revision_id}:{published}"
    content = cache.get(key)
    if content is None:
        content = render_pdf(page, request.build_absolute_uri("/"))
        cache.set(key, content, timeout=None)
    return _attachment(content, "application/pdf", f"annual-report-{year}.pdf")
