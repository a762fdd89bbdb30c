"""Admin view for exporting the policy library as XLSX or CSV."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from policies.models import PolicyIndexPage
from policies.services.export import FORMATS, policy_export


def can_export_policies(user) -> bool:
    """Staff who may edit the policy column may take its contents out in bulk."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    column = PolicyIndexPage.objects.first()
    return bool(column and column.permissions_for_user(user).can_edit())


def policy_export_view(request: HttpRequest) -> HttpResponse:
    if not can_export_policies(request.user):
        raise PermissionDenied
    file_format = request.GET.get("format", "")
    if not file_format:
        return render(request, "policies/admin/policy_export.html", {"formats": FORMATS})
    if file_format not in FORMATS:
        context = {"formats": FORMATS, "error": f"不支持的导出格式：{file_format[:20]}"}
        return render(request, "policies/admin/policy_export.html", context, status=400)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        policy_export(file_format=file_format), content_type=FORMATS[file_format]
    )
    response["Content-Disposition"] = f'attachment; filename="policies-{stamp}.{file_format}"'
    return response
