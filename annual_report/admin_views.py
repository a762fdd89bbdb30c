"""Staff review of a report draft: the tables with a drill-down from every computed cell, the
consistency checks, the numbers changed since the draft, and regenerating the draft."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from annual_report.checks import article20_warnings, changed_cells
from annual_report.labels import cell_label
from annual_report.models import AnnualReportPage, AppealCase
from annual_report.presentation import report_context
from annual_report.selectors import (
    cell_article20,
    cell_cases,
    cell_documents,
    cell_requests,
    current_figures,
    policy_exclusions,
    report_failures,
)
from annual_report.services import report_generate_draft
from disclosure.reporting import request_admin_url
from disclosure.taxonomy import APPLICANT_KINDS, OUTCOME_CHOICES
from enforcement.reporting import ARTICLE20_ROW_HEADINGS


def _editable_report(request: HttpRequest, page_id: int) -> AnnualReportPage:
    page = get_object_or_404(AnnualReportPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _editable_report(request, page_id)
    if request.method == "POST":
        report_generate_draft(page=page, user=request.user)
        messages.success(request, "已根据当前数据重新生成统计数字草稿，请核对后再提交审核或发布。")
        return redirect("annual_report_admin:review", page_id=page.pk)
    draft = page.get_latest_revision_as_object()
    current = current_figures(draft.year)
    failures = report_failures(draft, current=current)
    changes = []
    if draft.figures:
        changes = [
            {"label": cell_label(path), "old": old, "new": new}
            for path, old, new in changed_cells(draft.figures, current)
        ]
    context = {
        "report": draft,
        "page_title": f"核对：{draft.title}",
        "failures": failures,
        "changes": changes,
        "drill_base": reverse("annual_report_admin:cell_base", args=[page.pk]),
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "warnings": article20_warnings(draft.report_figures()),
        **_exclusions_context(),
        **report_context(draft),
    }
    return TemplateResponse(request, "annual_report/admin/review.html", context)


EXCLUSIONS_SHOWN = 100  # a library of the national STA's documents could leave out thousands


def _exclusions_context() -> dict:
    """表二's left-out documents for the review: each with its edit link and the reason."""
    exclusions = policy_exclusions()
    return {
        "exclusion_count": len(exclusions),
        "exclusions": [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[record.page_id]),
                "title": record.title,
                "doc_number": record.doc_number,
                "reason": reason,
            }
            for record, reason in exclusions[:EXCLUSIONS_SHOWN]
        ],
    }


def cell(request: HttpRequest, page_id: int, section: str, row: str, column: str) -> HttpResponse:
    """What is counted in one cell: requests (表三), documents (表二) or cases (表四)."""
    page = _editable_report(request, page_id)
    draft = page.get_latest_revision_as_object()
    figures = draft.report_figures()
    try:
        cells = figures[section][row]
        draft_count = cells if section == "article20" else cells[column]
        label = cell_label((section, row, column))
        items = CELL_ITEMS[section](draft.year, row, column)
    except KeyError as error:
        raise Http404("表中没有这一格。") from error
    context = {
        "report": draft,
        "page_title": f"{draft.year}年 {label}",
        "headings": CELL_HEADINGS[section],
        "cell_label": label,
        "section": section,
        "draft_count": draft_count,
        "items": items,
        "review_url": reverse("annual_report_admin:review", args=[page.pk]),
    }
    return TemplateResponse(request, "annual_report/admin/cell.html", context)


def _request_items(year: int, row: str, column: str) -> list[dict]:
    kinds, outcomes = dict(APPLICANT_KINDS), dict(OUTCOME_CHOICES)
    return [
        {
            "url": request_admin_url(record.request_id),
            "cells": [
                record.number,
                kinds.get(record.applicant_kind, record.applicant_kind),
                _day(record.received_on),
                _day(record.closed_on),
                _day(record.withdrawn_on),
                outcomes.get(record.outcome or "", "—"),
            ],
        }
        for record in cell_requests(year, row, column)
    ]


def _document_items(year: int, level: str, measure: str) -> list[dict]:
    return [
        {
            "url": reverse("wagtailadmin_pages:edit", args=[document.page_id]),
            "cells": [
                document.title,
                document.doc_number or "—",
                _day(document.publish_date),
                document.validity_label,
            ],
        }
        for document in cell_documents(year, level, measure)
    ]


def _case_items(year: int, route: str, result: str) -> list[dict]:
    edit_url_name = AppealCase.snippet_viewset.get_url_name("edit")
    return [
        {
            "url": reverse(edit_url_name, args=[case.pk]),
            "cells": [
                case.case_number or f"#{case.pk}",
                case.request.number,
                _day(case.filed_on),
                case.get_result_display(),
                _day(case.decided_on),
            ],
        }
        for case in cell_cases(year, route, result)
    ]


def _article20_items(year: int, measure: str, column: str) -> list[dict]:
    return [
        {"url": row.admin_url, "cells": list(row.cells)}
        for row in cell_article20(year, measure, column)
    ]


def _day(value) -> str:
    return value.isoformat() if value else "—"


CELL_ITEMS = {
    "applications": _request_items,
    "policies": _document_items,
    "appeals": _case_items,
    "article20": _article20_items,
}
CELL_HEADINGS = {
    "applications": ["申请编号", "申请人类型", "收到日期", "办结日期", "撤回日期", "办理结果"],
    "policies": ["标题", "发文字号", "发布日期", "有效性（当前）"],
    "appeals": ["案号", "涉及的申请", "立案（受理）日期", "结果", "审结日期"],
    "article20": ARTICLE20_ROW_HEADINGS,
}
