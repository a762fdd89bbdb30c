"""Admin import/export and editing permissions of the editorial groups (migration 0002)."""

import pytest
import tablib
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lists.models import PowerItem, PowerItemChange, Unit
from tests.lists.factories import StaffFactory, UnitFactory
from tests.review import approve_review

pytestmark = pytest.mark.django_db

HEADERS = ["事项编码", "事项名称", "权力类型", "实施主体", "设定依据", "承办机构", "删除"]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def xlsx(rows, name="power.xlsx") -> SimpleUploadedFile:
    content = tablib.Dataset(*rows, headers=HEADERS).export("xlsx")
    return SimpleUploadedFile(name, content)


NEW = [
    "11100000000013239N-JL-002",
    "检举奖励",
    "行政奖励",
    "税务机关",
    "某办法第三条",
    "办公厅",
    "",
]


def test_groups_get_list_permissions_by_migration():
    editor = Group.objects.get(name="编辑").permissions.filter(content_type__app_label="lists")
    codes = set(editor.values_list("codename", flat=True))
    assert {"add_poweritem", "change_poweritem", "view_poweritem", "add_task"} <= codes
    assert {"add_tasksection", "change_unit", "change_serviceguide"} <= codes
    assert "delete_poweritem" not in codes
    assert "change_poweritemchange" not in codes and "view_poweritemchange" in codes
    reviewer = Group.objects.get(name="审核人").permissions.values_list("codename", flat=True)
    assert "delete_poweritem" in reviewer
    secrecy = set(
        Group.objects.get(name="保密审查员")
        .permissions.filter(content_type__app_label="lists")
        .values_list("codename", flat=True)
    )
    assert secrecy and all(code.startswith("view_") for code in secrecy)


def test_editor_previews_then_confirms_an_import(demo):
    client = logged_in(StaffFactory(username="u-编辑", groups=["编辑"]))
    url = "/admin/lists/import/power/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": xlsx([NEW])})
    assert response.status_code == 200
    body = response.content.decode()
    assert "导入预览" in body and "新增 1" in body and "第 2 行" in body
    assert not PowerItem.objects.filter(code=NEW[0]).exists()
    token = response.context["token"]
    response = client.post(url, {"token": token})
    assert response.status_code == 302
    # The imported item is a draft in review; its history starts when the review publishes it.
    item = PowerItem.objects.get(code=NEW[0])
    assert not item.live and not item.changes.exists()
    assert item.current_workflow_state.requested_by.username == "u-编辑"
    # The token is spent: confirming twice imports nothing more and says so.
    response = client.post(url, {"token": token}, follow=True)
    assert "预览已过期" in response.content.decode()


def test_admin_import_lists_every_bad_row_and_changes_nothing(demo):
    client = logged_in(StaffFactory(username="u-编辑", groups=["编辑"]))
    before = PowerItem.objects.count()
    bad = [
        NEW,
        ["11100000000013239N-JL-003", NEW[1], "行政许诺", *NEW[3:]],
        ["11100000000013239N-JL-004", *NEW[1:5], "没有这个司", ""],
    ]
    response = client.post("/admin/lists/import/power/", {"file": xlsx(bad)})
    body = response.content.decode()
    assert "未导入任何数据" in body
    assert "第 3 行" in body and "未知的权力类型：行政许诺" in body
    assert "第 4 行" in body and "未知的承办机构：没有这个司" in body
    assert "token" not in response.context
    assert PowerItem.objects.count() == before
    response = client.post(
        "/admin/lists/import/power/", {"file": SimpleUploadedFile("x.pdf", b"%PDF")}
    )
    assert response.status_code == 200
    assert "不支持的文件格式" in response.content.decode()


def test_editor_cannot_delete_by_import_or_in_the_admin(demo):
    editor = StaffFactory(username="u-编辑", groups=["编辑"])
    client = logged_in(editor)
    item = PowerItem.objects.first()
    row = [
        item.code,
        item.name,
        item.get_power_type_display(),
        item.implementing_body,
        item.legal_basis,
        item.handling_unit.name,
        "是",
    ]
    response = client.post("/admin/lists/import/power/", {"file": xlsx([row])})
    body = response.content.decode()
    assert "删除 1" in body and "没有删除权责清单的权限" in body
    assert "token" in response.context
    # Wagtail turns a refused admin action into a redirect with a message.
    refused = client.post("/admin/lists/import/power/", {"token": response.context["token"]})
    assert refused.status_code in (302, 403)
    assert PowerItem.objects.filter(pk=item.pk).exists()
    delete_url = f"/admin/snippets/lists/poweritem/delete/{item.pk}/"
    assert client.post(delete_url).status_code in (302, 403)
    assert PowerItem.objects.filter(pk=item.pk).exists()

    reviewer = logged_in(StaffFactory(username="u-审核人", groups=["审核人"]))
    reviewer.post(delete_url)
    assert not PowerItem.objects.filter(pk=item.pk).exists()
    assert PowerItemChange.objects.filter(item_code=item.code, kind="removed").exists()


def test_editor_edits_a_power_item_and_history_names_the_editor(demo):
    client = logged_in(StaffFactory(username="u-编辑", groups=["编辑"]))
    item = PowerItem.objects.get(power_type="JC")
    url = f"/admin/snippets/lists/poweritem/edit/{item.pk}/"
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(supervision_phone="010-12366")
    # A reason is required for every submitted edit; the last one is not silently reused.
    assert data["change_reason"] == ""
    data["action-submit"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "change_reason" in response.context["form"].errors
    data["change_reason"] = "补充监督电话"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    approve_review(item, StaffFactory(username="u-保密", groups=["保密审查员"]))
    change = PowerItem.objects.get(pk=item.pk).changes.first()
    assert change.reason == "补充监督电话"
    assert change.changed_by.username == "u-编辑"
    assert change.changes == [{"field": "监督电话", "old": "", "new": "010-12366"}]


def test_secrecy_reviewer_views_and_exports_but_cannot_import_or_edit(demo):
    client = logged_in(StaffFactory(username="u-保密审查员", groups=["保密审查员"]))
    assert client.get("/admin/snippets/lists/poweritem/").status_code == 200
    assert client.get("/admin/lists/import/power/").status_code in (302, 403)
    item = PowerItem.objects.first()
    edit = client.get(f"/admin/snippets/lists/poweritem/edit/{item.pk}/")
    assert edit.status_code in (302, 403)
    response = client.get("/admin/lists/export/power.xlsx")
    assert response.status_code == 200
    data = tablib.Dataset().load(response.content, format="xlsx")
    assert data.headers[:3] == ["事项编码", "事项名称", "权力类型"]
    assert len(data) == PowerItem.objects.count()
    csv = client.get("/admin/lists/export/units.csv")
    assert csv.status_code == 200
    assert "办公厅" in csv.content.decode("utf-8-sig")


def test_anonymous_and_unknown_kinds(demo, client):
    assert client.get("/admin/lists/import/power/").status_code == 302
    staff = logged_in(StaffFactory(username="u-编辑", groups=["编辑"]))
    assert staff.get("/admin/lists/import/nothing/").status_code == 404
    assert staff.get("/admin/lists/export/power.pdf").status_code == 404
    assert staff.get("/admin/lists/").status_code == 200


def test_progress_reported_in_the_admin_moves_the_task(demo):
    from lists.models import Task

    client = logged_in(StaffFactory(username="u-编辑", groups=["编辑"]))
    task = Task.objects.get(number=21)
    response = client.post(
        "/admin/snippets/lists/taskprogress/add/",
        {
            "task": task.pk,
            "reported_on": "2020-08-20",
            "status": "done",
            "note": "已建立联络员队伍",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"
    assert task.progress_updates.get().reported_by.username == "u-编辑"
    assert Unit.objects.exists()


@pytest.mark.parametrize(
    "model",
    [
        "unit",
        "poweritem",
        "poweritemchange",
        "serviceguide",
        "tasklist",
        "tasksection",
        "task",
        "taskprogress",
    ],
)
def test_every_list_admin_page_renders(demo, admin_client, model):
    from django.apps import apps

    base = f"/admin/snippets/lists/{model}/"
    assert admin_client.get(base).status_code == 200
    assert admin_client.get(f"{base}add/").status_code == 200
    instance = apps.get_model("lists", model).objects.first()
    if instance is not None:
        assert admin_client.get(f"{base}edit/{instance.pk}/").status_code == 200
    assert admin_client.get("/admin/lists/").status_code == 200


def test_a_unit_that_leads_tasks_is_not_deleted(demo, tmp_path):
    import io

    from django.core.management import CommandError, call_command

    reviewer = logged_in(StaffFactory(username="u-审核人", groups=["审核人"]))
    unit = Unit.objects.get(name="人事司")
    response = reviewer.post(f"/admin/snippets/lists/unit/delete/{unit.pk}/", follow=True)
    assert "是 2 项任务的牵头单位" in response.content.decode()
    assert Unit.objects.filter(pk=unit.pk).exists()

    path = tmp_path / "units.csv"
    path.write_text("机构名称,删除\n人事司,是\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_list", "units", str(path), stdout=io.StringIO(), stderr=err)
    assert "第 2 行：" in err.getvalue() and "牵头单位" in err.getvalue()
    assert Unit.objects.filter(pk=unit.pk).exists()

    spare = UnitFactory(name="临时机构")
    reviewer.post(f"/admin/snippets/lists/unit/delete/{spare.pk}/")
    assert not Unit.objects.filter(pk=spare.pk).exists()


def test_bulk_deletion_records_history_and_keeps_units_that_lead_tasks(demo):
    reviewer = logged_in(StaffFactory(username="u-审核人", groups=["审核人"]))
    items = list(PowerItem.objects.filter(power_type__in=["QZ", "JC"]))
    ids = "&".join(f"id={item.pk}" for item in items)
    response = reviewer.post(f"/admin/bulk/lists/poweritem/delete/?{ids}")
    assert response.status_code == 302
    assert not PowerItem.objects.filter(pk__in=[item.pk for item in items]).exists()
    removals = PowerItemChange.objects.filter(
        kind="removed", item_code__in=[item.code for item in items]
    )
    assert removals.count() == 2
    assert {removal.changed_by.username for removal in removals} == {"u-审核人"}

    leader, spare = Unit.objects.get(name="人事司"), UnitFactory(name="临时机构")
    response = reviewer.post(
        f"/admin/bulk/lists/unit/delete/?id={leader.pk}&id={spare.pk}"
        "&next=/admin/snippets/lists/unit/",
        follow=True,
    )
    assert "是 2 项任务的牵头单位" in response.content.decode()
    assert Unit.objects.filter(pk=leader.pk).exists()
    assert not Unit.objects.filter(pk=spare.pk).exists()


def test_a_task_saved_in_the_admin_takes_its_due_date_from_the_time_limit(demo):
    from datetime import date

    from lists.models import Task, TaskList

    editor = logged_in(StaffFactory(username="u-编辑", groups=["编辑"]))
    task_list = TaskList.objects.get()
    unit = Unit.objects.get(name="办公厅")
    data = {
        "task_list": task_list.pk,
        "section": task_list.sections.first().pk,
        "number": 30,
        "title": "新增的任务",
        "description": "",
        "lead_units": [unit.pk],
        "cooperation": "",
        "deadline_text": "2021年3月底前",
        "status": "in_progress",
    }
    response = editor.post("/admin/snippets/lists/task/add/", data)
    assert response.status_code == 302, response.context["form"].errors
    task = Task.objects.get(task_list=task_list, number=30)
    assert task.due_date == date(2021, 3, 31)
    assert list(task.lead_units.all()) == [unit]

    data["deadline_text"] = "持续推进"
    response = editor.post(f"/admin/snippets/lists/task/edit/{task.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    task.refresh_from_db()
    assert task.due_date is None
