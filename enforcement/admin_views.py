"""Admin import (upload → preview → confirm) and export of the 第二十条 lists.

The uploaded bytes wait in the cache between preview and confirmation under a random token
bound to the user, so the confirmed import applies exactly the file that was previewed. Rights
are Django model permissions: importing needs add and change (and delete for 删除 rows),
exporting needs view.
"""

import re
import uuid

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from enforcement.exporting import export_filename, staff_workbook
from enforcement.importing import import_rows, read_rows_file
from enforcement.models import EnforcementDecision, FeeItem
from enforcement.resources import LABELS, RESOURCES
from portal.spreadsheets.exports import download_response
from portal.spreadsheets.imports import ImportFileError

PENDING_SECONDS = 60 * 60
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DRAFT_NOTE = "新增和修改的内容已保存为草稿，提交审核发布后公开。"
TOKEN = re.compile(r"^[0-9a-f]{32}$")
MODELS = {"decisions": EnforcementDecision, "fees": FeeItem}


def _perm(kind: str, action: str) -> str:
    meta = MODELS[kind]._meta
    return f"{meta.app_label}.{action}_{meta.model_name}"


def can_import(user, kind: str, *, deleting: bool = False) -> bool:
    actions = ["add", "change"] + (["delete"] if deleting else [])
    return user.is_active and all(user.has_perm(_perm(kind, action)) for action in actions)


def can_export(user, kind: str) -> bool:
    return user.is_active and user.has_perm(_perm(kind, "view"))


class UploadForm(forms.Form):
    file = forms.FileField(label="数据文件", help_text="支持 .xlsx 和 .csv；第一行为表头。")


def _kind_or_404(kind: str) -> str:
    if kind not in RESOURCES:
        raise Http404("未知的数据类型。")
    return kind


def _pending_key(request: HttpRequest, token: str) -> str:
    return f"enforcement-import:{request.user.pk}:{token}"


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    kinds = [
        {
            "kind": kind,
            "label": LABELS[kind],
            "can_import": can_import(request.user, kind),
            "can_export": can_export(request.user, kind),
        }
        for kind in RESOURCES
    ]
    if not any(k["can_import"] or k["can_export"] for k in kinds):
        raise PermissionDenied
    return render(request, "enforcement/admin/index.html", {"kinds": kinds})


@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind_or_404(kind)
    if not can_import(request.user, kind):
        raise PermissionDenied
    context = {"kind": kind, "label": LABELS[kind], "resource": RESOURCES[kind]}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, kind, context)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", "文件过大（不超过 10MB）。")
        else:
            content = upload.read()
            try:
                rows = read_rows_file(content, upload.name)
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                report = import_rows(kind=kind, rows=rows, dry_run=True, user=request.user)
                context["report"] = report
                if report.ok:
                    token = uuid.uuid4().hex
                    cache.set(_pending_key(request, token), (upload.name, content), PENDING_SECONDS)
                    context.update(
                        token=token,
                        filename=upload.name,
                        needs_delete=report.deleted > 0,
                        can_delete=can_import(request.user, kind, deleting=True),
                    )
    context["form"] = form
    return render(request, "enforcement/admin/import.html", context)


def _confirm(request: HttpRequest, kind: str, context: dict) -> HttpResponse:
    token = request.POST.get("token", "")
    pending = cache.get(_pending_key(request, token)) if TOKEN.match(token) else None
    if pending is None:
        messages.error(request, "预览已过期，请重新上传文件。")
        return redirect(reverse("enforcement_admin:import", args=[kind]))
    filename, content = pending
    rows = read_rows_file(content, filename)
    if not can_import(request.user, kind, deleting=True):
        preview = import_rows(kind=kind, rows=rows, dry_run=True, user=request.user)
        if preview.deleted:
            raise PermissionDenied
    report = import_rows(kind=kind, rows=rows, dry_run=False, user=request.user)
    if report.ok:
        cache.delete(_pending_key(request, token))
        messages.success(request, f"{report.summary()}{DRAFT_NOTE}")
        return redirect(reverse("enforcement_admin:index"))
    context.update(report=report, form=UploadForm())
    return render(request, "enforcement/admin/import.html", context)


@require_GET
def export_view(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind_or_404(kind)
    if not can_export(request.user, kind):
        raise PermissionDenied
    return download_response(staff_workbook(kind), export_filename(kind, timezone.localdate()))
