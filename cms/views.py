"""Public pages every government site carries beside its columns: 网站地图, 联系我们,
我为政府网站找错 and the 政府信息公开目录 (with its XLSX download)."""

import logging
from io import BytesIO

from django.core import signing
from django.db import DatabaseError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cms import catalogue
from cms.forms import FeedbackForm
from cms.models.base import paginate
from cms.selectors import site_map
from cms.services.feedback import feedback_submit
from portal.antiabuse import rate_limit
from portal.errors import RuleViolation

logger = logging.getLogger(__name__)

FEEDBACK_RATE = "10/h"
FEEDBACK_RECEIPT_SALT = "cms.feedback.receipt"
FEEDBACK_RECEIPT_MAX_AGE = 24 * 3600
CATALOGUE_HEADERS = ["索引号", "名称", "内容概述", "生成日期", "公开方式", "所属栏目", "网址"]


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    return render(request, "cms/sitemap.html", {"tree": site_map()})


@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    """联系我们: the agency and the disclosure office, both from 机构职能 (template context)."""
    return render(request, "cms/contact.html")


def _page_from_query(request: HttpRequest) -> str:
    """The page the visitor came from: our own path only, never an outside address."""
    path = (request.GET.get("page") or "").strip()
    if not path.startswith("/") or path.startswith("//") or len(path) > 500:
        return ""
    return request.build_absolute_uri(path)


@never_cache
@rate_limit("site-feedback", FEEDBACK_RATE)
def feedback(request: HttpRequest) -> HttpResponse:
    """我为政府网站找错. Errors re-render everything typed; only a stored report is confirmed."""
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = feedback_submit(
                    page_url=data["page_url"],
                    category=data["category"],
                    description=data["description"],
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                )
            except RuleViolation as error:
                form.add_error(error.field, error.messages)
                status = 400
            except DatabaseError:
                logger.exception("Storing a site feedback report failed")
                form.add_error(
                    None, "系统繁忙，您的反映暂未保存，请稍后再次提交（已填写的内容保留在下方）。"
                )
                status = 503
            else:
                token = signing.dumps(report.reference, salt=FEEDBACK_RECEIPT_SALT)
                return redirect(reverse("cms:feedback-thanks", args=[token]))
        else:
            status = 400
        form.refresh_captcha()
    else:
        form = FeedbackForm(initial={"page_url": _page_from_query(request)})
    return render(request, "cms/feedback_form.html", {"form": form}, status=status)


@never_cache
@require_GET
def feedback_thanks(request: HttpRequest, token: str) -> HttpResponse:
    """The receipt, from a signed token rather than a session (no cookie for the page cache)."""
    try:
        reference = signing.loads(
            token, salt=FEEDBACK_RECEIPT_SALT, max_age=FEEDBACK_RECEIPT_MAX_AGE
        )
    except signing.BadSignature:
        return redirect(reverse("cms:feedback"))
    return render(request, "cms/feedback_thanks.html", {"reference": reference})


def _catalogue_query(request: HttpRequest) -> tuple[catalogue.CatalogueQuery, list[str]]:
    errors = []
    column = request.GET.get("column", "")
    if column and column not in dict(catalogue.columns()):
        errors.append("所选栏目不存在，已显示全部栏目。")
        column = ""
    year = None
    raw_year = request.GET.get("year", "").strip()
    if raw_year:
        if raw_year.isdigit() and 1949 <= int(raw_year) <= 2100:
            year = int(raw_year)
        else:
            errors.append("年份格式不正确，已显示全部年份。")
    words = request.GET.get("q", "").strip()[:60]
    return catalogue.CatalogueQuery(column=column, year=year, q=words), errors


@require_GET
def catalogue_page(request: HttpRequest) -> HttpResponse:
    query, errors = _catalogue_query(request)
    items = paginate(catalogue.entries(query), request)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "cms/catalogue.html",
        {
            "items": items,
            "query": query,
            "filter_errors": errors,
            "columns": catalogue.columns(),
            "years": catalogue.years(),
            "extra_query": params.urlencode(),
            "filtered": bool(query.column or query.year or query.q),
        },
    )


@require_GET
def catalogue_download(request: HttpRequest) -> HttpResponse:
    """The catalogue (with the same filters) as an XLSX file with Chinese file and sheet names."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    query, _errors = _catalogue_query(request)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "政府信息公开目录"
    sheet.append(CATALOGUE_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for width, letter in zip((26, 48, 60, 12, 20, 14, 50), "ABCDEFG", strict=True):
        sheet.column_dimensions[letter].width = width
    for entry in catalogue.entries(query):
        sheet.append(
            [
                entry.index_number,
                entry.title,
                entry.summary,
                entry.created_on,
                entry.method,
                entry.column,
                request.build_absolute_uri(entry.url) if entry.url else "",
            ]
        )
        sheet.cell(row=sheet.max_row, column=4).number_format = "yyyy-mm-dd"
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    name = f"政府信息公开目录-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
