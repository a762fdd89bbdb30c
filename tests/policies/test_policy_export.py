"""Admin XLSX/CSV export through the import resources, and export → import round trips."""

import io
import json

import pytest
import tablib
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from policies.models import InterpretationPage, PolicyDocumentPage

URL = "/admin/policies/export/"
ROWS = [
    {
        "title": "关于全面推行税务系统首问责任制的通知",
        "doc_number": "税总发（2014）59号",
        "authorities": "国家税务总局；财政部",
        "written_date": "2014-04-20",
        "publish_date": "2014-04-24",
        "effective_date": "2014-05-01",
        "level": "行政规范性文件",
        "validity": "部分失效",
        "topics": "财政、金融、审计\\财政",
        "body": "一、总体要求\n第一条 全面推行首问责任制。\n依据税总发〔2013〕12号执行。",
    },
    {"title": "中华人民共和国税收征收管理法 第一条", "body": "为了加强税收征收管理，制定本法。"},
    {
        "title": "<p>不是标签</p>的标题",
        "doc_number": "国家税务总局公告2023年第1号",
        "body": (
            "<h3>二、办理流程</h3><p>第三条 纳税人&amp;扣缴义务人。</p>"
            "<table><tr><td>甲</td><td>乙</td></tr></table><script>alert(1)</script>"
        ),
        "validity": "尚未生效",
    },
    {
        "title": "首问责任制解读",
        "interpretation_of": "税总发〔2014〕59号",
        "body": "问：什么是首问？",
    },
]


class Rollback(Exception):
    pass


def _import(tmp_path, rows, name="in.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    call_command("import_policies", str(path))


def _library() -> list[tuple]:
    """Everything the documented columns carry, for every live page, in tree order."""
    result = []
    for page in PolicyDocumentPage.objects.live().order_by("path"):
        result.append(
            (
                page.title, page.doc_number, [a.name for a in page.authorities.all()],
                page.written_date, page.publish_date, page.effective_date, page.level,
                page.validity, page.topic,
                [(b.block_type, b.get_prep_value()["value"]) for b in page.body],
            )
        )  # fmt: skip
    for page in InterpretationPage.objects.live().order_by("path"):
        result.append(
            (
                page.title,
                [d.doc_number for d in page.documents.all()],
                [(b.block_type, b.get_prep_value()["value"]) for b in page.body],
            )
        )
    return result


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client


def test_admin_exports_csv_and_xlsx_with_the_import_columns(site_tree, tmp_path, admin_client):
    _import(tmp_path, ROWS)
    page = admin_client.get(URL)
    assert page.status_code == 200 and "导出 Excel（XLSX）" in page.content.decode()

    response = admin_client.get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="policies-')
    text = response.content.decode("utf-8-sig")
    dataset = tablib.Dataset().load(text, format="csv")
    assert dataset.headers[:3] == ["title", "doc_number", "authorities"]
    first = dataset.dict[0]
    assert first["doc_number"] == "税总发〔2014〕59号"
    assert first["authorities"] == "国家税务总局、财政部"
    assert first["level"] == "行政规范性文件" and first["validity"] == "部分失效"
    assert first["body"] == (
        "<h2>一、总体要求</h2><p>第一条 全面推行首问责任制。</p><p>依据税总发〔2013〕12号执行。</p>"
    )
    assert dataset.dict[-1]["interpretation_of"] == "税总发〔2014〕59号"

    response = admin_client.get(URL, {"format": "xlsx"})
    sheet = tablib.Dataset().load(io.BytesIO(response.content).read(), format="xlsx")
    assert [row["title"] for row in sheet.dict] == [r["title"] for r in ROWS]


def test_export_refuses_unknown_formats_and_people_without_rights(
    site_tree, admin_client, django_user_model
):
    response = admin_client.get(URL, {"format": "pdf"})
    assert response.status_code == 400 and "不支持的导出格式" in response.content.decode()
    client = Client()
    assert client.get(URL).status_code == 302  # anonymous: to the login page
    clerk = django_user_model.objects.create_user("clerk", password="pw")
    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(clerk)
    refused = client.get(URL, {"format": "csv"})  # Wagtail turns PermissionDenied into a redirect
    assert refused.status_code == 302 and refused.url == "/admin/"
    clerk.groups.add(Group.objects.get(name="编辑"))
    assert client.get(URL, {"format": "csv"}).status_code == 200


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_exported_file_imports_back_to_the_same_library(
    site_tree, tmp_path, admin_client, file_format
):
    try:
        with transaction.atomic():
            _import(tmp_path, ROWS)
            original = _library()
            exported = admin_client.get(URL, {"format": file_format}).content
            raise Rollback
    except Rollback:
        pass
    assert not PolicyDocumentPage.objects.exists()
    path = tmp_path / f"export.{file_format}"
    path.write_bytes(exported)
    call_command("import_policies", str(path))
    assert len(original) == 4
    assert _library() == original
