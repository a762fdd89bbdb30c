"""Staff review of a report draft: the tables with a drill-down from every cell of table 三,
the consistency checks, and regenerating the draft from the portal's data."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from annual_report.applications import COLUMN_KEYS, ROW_KEYS
from annual_report.checks import changed_cells
from annual_report.labels import COLUMN_LABELS, cell_label, row_label
from annual_report.models import AnnualReportPage
from annual_report.presentation import report_context
from annual_report.selectors import cell_requests, current_figures, report_failures
from annual_report.services import report_generate_draft
from disclosure.taxonomy import APPLICANT_KINDS, OUTCOME_CHOICES


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
    failures = report_failures(draft)
    changes = []
    if draft.figures:
        changes = [
            {"label": cell_label(path), "old": old, "new": new}
            for path, old, new in changed_cells(draft.figures, current_figures(draft.year))
        ]
    context = {
        "report": draft,
        "page_title": f"核对：{draft.title}",
        "failures": failures,
        "changes": changes,
        "drill_base": reverse("annual_report_admin:cell_base", args=[page.pk]),
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        **report_context(draft),
    }
    return TemplateResponse(request, "annual_report/admin/review.html", context)


def cell(request: HttpRequest, page_id: int, row: str, column: str) -> HttpResponse:
    page = _editable_report(request, page_id)
    if row not in ROW_KEYS or column not in COLUMN_KEYS:
        raise Http404("表三中没有这一格。")
    draft = page.get_latest_revision_as_object()
    from disclosure.reporting import request_admin_url

    kinds, outcomes = dict(APPLICANT_KINDS), dict(OUTCOME_CHOICES)
    records = [
        {
            "record": record,
            "kind": kinds.get(record.applicant_kind, record.applicant_kind),
            "outcome": outcomes.get(record.outcome or "", ""),
            "url": request_admin_url(record.request_id),
        }
        for record in cell_requests(draft.year, row, column)
    ]
    context = {
        "report": draft,
        "page_title": f"表三明细：{row_label(row)} / {COLUMN_LABELS[column]}",
        "row_label": row_label(row),
        "column_label": COLUMN_LABELS[column],
        "draft_count": draft.report_figures()["applications"][row][column],
        "records": records,
        "review_url": reverse("annual_report_admin:review", args=[page.pk]),
    }
    return TemplateResponse(request, "annual_report/admin/cell.html", context)
