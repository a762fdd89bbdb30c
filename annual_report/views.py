"""Public downloads of a published report: the tables as XLSX and the whole report as PDF."""

import hashlib
import logging

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string

from annual_report.models import AnnualReportPage
from annual_report.presentation import report_context
from annual_report.xlsx import report_workbook
from lists.organisations import agency
from portal.spreadsheets.exports import download_response


def _published(year: int) -> AnnualReportPage:
    page = None
    if 2008 <= year <= 2100:
        page = AnnualReportPage.objects.live().public().filter(year=year).first()
    if page is None:
        raise Http404(f"{year} 年度报告尚未发布。")
    return page


def agency_name() -> str:
    """The issuing agency as 机构职能 records it (empty before staff mark one)."""
    issuer = agency()
    return issuer.name if issuer else ""


def download_name(year: int, suffix: str) -> str:
    """国家税务总局2025年政府信息公开工作年度报告.pdf: the agency and year in the file name."""
    return f"{agency_name()}{year}年政府信息公开工作年度报告.{suffix}"


def report_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    page = _published(year)
    content = report_workbook(page.report_figures(), agency_name())
    return download_response(content, download_name(year, "xlsx"))


def render_pdf(page: AnnualReportPage, base_url: str) -> bytes:
    from weasyprint import HTML

    # WeasyPrint narrates every layout step at INFO; one line per step per download is noise.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    html = render_to_string(
        "annual_report/pdf.html",
        {"page": page, "agency_name": agency_name(), **report_context(page)},
    )
    return HTML(string=html, base_url=base_url).write_pdf()


def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """Rendering takes about two seconds, so the PDF is cached per published revision."""
    page = _published(year)
    published = page.last_published_at.timestamp() if page.last_published_at else 0
    issuer = hashlib.sha256(agency_name().encode()).hexdigest()[:12]
    key = f"annual_report:pdf:{page.pk}:{page.live_revision_id}:{published}:{issuer}"
    content = cache.get(key)
    if content is None:
        content = render_pdf(page, request.build_absolute_uri("/"))
        cache.set(key, content, timeout=None)
    return download_response(content, download_name(year, "pdf"), "application/pdf")
