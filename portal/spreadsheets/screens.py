"""The admin screens of a spreadsheet import (upload → dry-run preview → confirm) and export,
for any app whose rows import through `portal.spreadsheets.imports`.

An app describes its kinds once (`ImportScreens`) and mounts `screens.urls()` under its admin
namespace. The uploaded bytes wait in the cache between preview and confirmation under a random
token bound to the user, so the confirmed import applies exactly the file that was previewed.
Rights are Django model permissions: importing needs add and change (and delete when a file
deletes rows), exporting needs view.
"""

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from portal.spreadsheets.exports import download_response
from portal.spreadsheets.imports import ImportFileError, ImportReport, SheetRows

PENDING_SECONDS = 60 * 60
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TOKEN = re.compile(r"^[0-9a-f]{32}$")


class UploadForm(forms.Form):
    file = forms.FileField(label="数据文件", help_text="支持 .xlsx 和 .csv；第一行为表头。")


@dataclass(frozen=True)
class ImportKind:
    label: str  # 行政执法公示
    model: type[models.Model]  # whose permissions govern the import and export
    required_columns: list[str]


@dataclass(frozen=True)
class ImportScreens:
    namespace: str  # the admin URL namespace the app mounts `urls()` under
    title: str  # the index page's title and menu label
    kinds: dict[str, ImportKind]
    read: Callable[[bytes, str], SheetRows]  # (content, filename) → rows, or ImportFileError
    run: Callable[..., ImportReport]  # (*, kind, rows, dry_run, user) → report
    export: Callable[[str], bytes]  # kind → XLSX bytes that `run` reads back
    filename: Callable[[str, date], str]  # (kind, day) → the download's Chinese name
    note: str = ""  # what a confirmed import does beyond saving (shown and flashed)

    # --- rights -------------------------------------------------------------------------------
    def _perm(self, kind: str, action: str) -> str:
        meta = self.kinds[kind].model._meta
        return f"{meta.app_label}.{action}_{meta.model_name}"

    def can_import(self, user, kind: str, *, deleting: bool = False) -> bool:
        actions = ["add", "change"] + (["delete"] if deleting else [])
        return user.is_active and all(user.has_perm(self._perm(kind, a)) for a in actions)

    def can_export(self, user, kind: str) -> bool:
        return user.is_active and user.has_perm(self._perm(kind, "view"))

    def shown_to(self, user) -> bool:
        return any(self.can_import(user, k) or self.can_export(user, k) for k in self.kinds)

    # --- views --------------------------------------------------------------------------------
    def urls(self) -> list[URLPattern]:
        return [
            path("", require_GET(self.index), name="index"),
            path(
                "import/<str:kind>/",
                require_http_methods(["GET", "POST"])(self.upload),
                name="import",
            ),
            path("export/<str:kind>.xlsx", require_GET(self.download), name="export"),
        ]

    def _context(self, **extra) -> dict:
        return {
            "screens": self,
            "index_url": reverse(f"{self.namespace}:index"),
            **extra,
        }

    def _kind(self, kind: str) -> str:
        if kind not in self.kinds:
            raise Http404("未知的数据类型。")
        return kind

    def index(self, request: HttpRequest) -> HttpResponse:
        kinds = [
            {
                "label": spec.label,
                "import_url": reverse(f"{self.namespace}:import", args=[kind]),
                "export_url": reverse(f"{self.namespace}:export", args=[kind]),
                "can_import": self.can_import(request.user, kind),
                "can_export": self.can_export(request.user, kind),
            }
            for kind, spec in self.kinds.items()
        ]
        if not any(k["can_import"] or k["can_export"] for k in kinds):
            raise PermissionDenied
        return render(request, "portal/spreadsheets/index.html", self._context(kinds=kinds))

    def upload(self, request: HttpRequest, kind: str) -> HttpResponse:
        kind = self._kind(kind)
        if not self.can_import(request.user, kind):
            raise PermissionDenied
        context = self._context(
            kind=self.kinds[kind], export_url=reverse(f"{self.namespace}:export", args=[kind])
        )
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request, kind, context)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD_BYTES:
                form.add_error("file", "文件过大（不超过 10MB）。")
            else:
                content = upload.read()
                try:
                    rows = self.read(content, upload.name)
                except ImportFileError as error:
                    form.add_error("file", str(error))
                else:
                    report = self.run(kind=kind, rows=rows, dry_run=True, user=request.user)
                    context["report"] = report
                    if report.ok:
                        token = uuid.uuid4().hex
                        pending = (upload.name, content)
                        cache.set(self._pending_key(request, token), pending, PENDING_SECONDS)
                        context.update(
                            token=token,
                            filename=upload.name,
                            needs_delete=report.deleted > 0,
                            can_delete=self.can_import(request.user, kind, deleting=True),
                        )
        context["form"] = form
        return render(request, "portal/spreadsheets/import.html", context)

    def _pending_key(self, request: HttpRequest, token: str) -> str:
        return f"{self.namespace}-import:{request.user.pk}:{token}"

    def _confirm(self, request: HttpRequest, kind: str, context: dict) -> HttpResponse:
        token = request.POST.get("token", "")
        key = self._pending_key(request, token)
        pending = cache.get(key) if TOKEN.match(token) else None
        if pending is None:
            messages.error(request, "预览已过期，请重新上传文件。")
            return redirect(reverse(f"{self.namespace}:import", args=[kind]))
        filename, content = pending
        rows = self.read(content, filename)
        if not self.can_import(request.user, kind, deleting=True):
            preview = self.run(kind=kind, rows=rows, dry_run=True, user=request.user)
            if preview.deleted:
                raise PermissionDenied
        report = self.run(kind=kind, rows=rows, dry_run=False, user=request.user)
        if report.ok:
            cache.delete(key)
            messages.success(request, f"{report.summary()}{self.note}")
            return redirect(reverse(f"{self.namespace}:index"))
        context.update(report=report, form=UploadForm())
        return render(request, "portal/spreadsheets/import.html", context)

    def download(self, request: HttpRequest, kind: str) -> HttpResponse:
        kind = self._kind(kind)
        if not self.can_export(request.user, kind):
            raise PermissionDenied
        return download_response(self.export(kind), self.filename(kind, timezone.localdate()))
