"""Issue 17 item 6: list entries pass 部门审核 → 保密审查 before the public sees them
(条例第十七条). A 审核人 pressing 发布 submits the entry; only a member of 紧急发布 publishes at
once, with the reason recorded, and the entry is listed until its review approves it
afterwards. Imports make drafts in review; an edit to a live entry stays invisible until
approved."""

import pytest
import tablib
from django.contrib.auth.models import Group
from django.test import Client

from cms.models import EmergencyPublication
from cms.review import snippet_publish_in_emergency
from lists.importing import import_list, read_list_file
from lists.models import GuideMaterial, PowerItem, ServiceGuide, TaskList
from lists.services import guide_save
from portal.errors import RuleViolation
from tests.lists.factories import PowerItemFactory, StaffFactory
from tests.review import approve_review

POWER = "/xxgk/fdzdgknr/power-list/"
REASON = "台风预警期间延期申报事项须立即公开"
NEW_CODE = "11100000000013239N-JL-009"


@pytest.fixture
def people(demo):
    def member(username: str, *groups: str):
        user = StaffFactory(username=username, groups=["编辑", *groups])
        user.is_staff = True
        user.save()
        return user

    return {
        "editor": member("editor"),
        "reviewer": member("reviewer", "审核人"),
        "secrecy": member("secrecy", "保密审查员"),
        "emergency": member("duty", "审核人", "紧急发布"),
    }


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _new_item_data(**fields: str) -> dict:
    return {
        "code": NEW_CODE,
        "name": "检举税收违法行为奖励",
        "power_type": "JL",
        "implementing_body": "税务机关",
        "legal_basis": "《检举纳税人税收违法行为奖励暂行办法》第三条",
        "change_reason": "新增事项",
        **fields,
    }


def _edit_data(client: Client, item: PowerItem, **fields: str) -> dict:
    form = client.get(f"/admin/snippets/lists/poweritem/edit/{item.pk}/").context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(fields)
    return data


def test_a_reviewer_pressing_publish_submits_the_new_item_to_review(client, people):
    reviewer = logged_in(people["reviewer"])
    add_page = reviewer.get("/admin/snippets/lists/poweritem/add/").content.decode()
    assert 'name="action-publish"' not in add_page

    response = reviewer.post(
        "/admin/snippets/lists/poweritem/add/", _new_item_data(**{"action-publish": "1"})
    )
    assert response.status_code == 302
    item = PowerItem.objects.get(code=NEW_CODE)
    assert not item.live
    assert item.current_workflow_state.current_task_state.task.name == "部门审核"
    assert client.get(f"{POWER}{NEW_CODE}/").status_code == 404
    assert NEW_CODE not in client.get(POWER, {"q": "检举"}).content.decode()
    assert not item.changes.exists()

    approve_review(item, people["secrecy"])
    assert item.live
    page = client.get(f"{POWER}{NEW_CODE}/")
    assert page.status_code == 200 and "检举税收违法行为奖励" in page.content.decode()
    change = item.changes.get()
    assert (change.kind, change.reason, change.changed_by) == (
        "created",
        "新增事项",
        people["reviewer"],
    )


def test_no_path_publishes_an_entry_for_a_person_outside_review(people):
    item = PowerItemFactory(publish=False, code=NEW_CODE)
    for person in (people["reviewer"], people["emergency"]):
        with pytest.raises(RuleViolation, match="发布须经审核流程"):
            item.get_latest_revision().publish(user=person)
    item.refresh_from_db()
    assert not item.live


def test_an_edit_to_a_live_item_is_invisible_until_approved(client, people):
    item = PowerItem.objects.get(power_type="JC")
    editor = logged_in(people["editor"])
    data = _edit_data(editor, item, supervision_phone="010-12366", change_reason="")
    data["action-submit"] = "1"
    response = editor.post(f"/admin/snippets/lists/poweritem/edit/{item.pk}/", data)
    assert response.status_code == 200
    assert "change_reason" in response.context["form"].errors  # a reason for every change

    data["change_reason"] = "补充监督电话"
    response = editor.post(f"/admin/snippets/lists/poweritem/edit/{item.pk}/", data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.live and item.supervision_phone == ""
    assert item.current_workflow_state.current_task_state.task.name == "部门审核"
    assert "010-12366" not in client.get(item.get_absolute_url()).content.decode()
    assert item.changes.count() == 1  # only 新增 so far

    approve_review(item, people["secrecy"])
    assert item.supervision_phone == "010-12366"
    assert "010-12366" in client.get(item.get_absolute_url()).content.decode()
    change = item.changes.first()
    assert change.reason == "补充监督电话" and change.changed_by == people["editor"]
    assert change.changes == [{"field": "监督电话", "old": "", "new": "010-12366"}]


def test_an_emergency_publication_records_the_reason_and_is_reviewed_afterwards(client, people):
    item = PowerItemFactory(publish=False, code=NEW_CODE, name="紧急公开的事项")
    with pytest.raises(RuleViolation, match="只有“紧急发布”组成员"):
        snippet_publish_in_emergency(obj=item, user=people["reviewer"], reason=REASON)

    duty = logged_in(people["emergency"])
    url = f"/admin/emergency-publish/lists/poweritem/{item.pk}/"
    edit_page = duty.get(f"/admin/snippets/lists/poweritem/edit/{item.pk}/").content.decode()
    assert url in edit_page
    response = duty.post(url, {"reason": "  "})
    assert response.status_code == 200 and "请填写紧急发布的原因。" in response.content.decode()
    assert not EmergencyPublication.objects.exists()

    assert duty.post(url, {"reason": REASON}).status_code == 302
    item.refresh_from_db()
    assert item.live
    assert client.get(f"{POWER}{NEW_CODE}/").status_code == 200
    record = EmergencyPublication.objects.get()
    assert (record.content_object, record.published_by, record.reason, record.page) == (
        item,
        people["emergency"],
        REASON,
        None,
    )
    assert item.current_workflow_state.current_task_state.task.name == "部门审核"

    listing = logged_in(people["reviewer"]).get("/admin/emergency-publications/")
    body = listing.content.decode()
    assert f'data-emergency="lists.poweritem:{item.pk}"' in body and REASON in body
    assert "紧急公开的事项" in body

    approve_review(item, people["secrecy"])
    record.refresh_from_db()
    assert record.reviewed_at is not None
    listing = logged_in(people["reviewer"]).get("/admin/emergency-publications/")
    assert 'data-emergency="none"' in listing.content.decode()


def test_an_import_creates_drafts_in_review(client, people, tmp_path):
    live = PowerItem.objects.get(power_type="JC")
    headers = ["事项编码", "事项名称", "权力类型", "实施主体", "设定依据", "调整原因"]
    rows = [
        [NEW_CODE, "导入的新事项", "行政奖励", "税务机关", "某办法第三条", "年度梳理"],
        [
            live.code,
            "导入后改名的检查事项",
            "行政检查",
            live.implementing_body,
            live.legal_basis,
            "",
        ],
    ]
    content = tablib.Dataset(*rows, headers=headers).export("xlsx")
    report = import_list(
        kind="power",
        rows=read_list_file(content, "power.xlsx"),
        dry_run=False,
        user=people["editor"],
    )
    assert report.ok, report.problems
    new = PowerItem.objects.get(code=NEW_CODE)
    live.refresh_from_db()
    assert not new.live and live.live and live.name != "导入后改名的检查事项"
    for entry in (new, live):
        assert entry.current_workflow_state.current_task_state.task.name == "部门审核"
    assert client.get(f"{POWER}{NEW_CODE}/").status_code == 404
    assert "导入后改名的检查事项" not in client.get(live.get_absolute_url()).content.decode()

    approve_review(live, people["secrecy"])
    assert "导入后改名的检查事项" in client.get(live.get_absolute_url()).content.decode()


def test_a_guide_edit_with_its_materials_waits_for_review(client, people):
    guide = ServiceGuide.objects.filter(live=True).first()
    guide.name = "修改后的指南名称"
    guide.materials = [GuideMaterial(sort_order=0, name="新增的申请材料")]
    guide_save(guide=guide, user=people["editor"])
    body = client.get(guide.get_absolute_url()).content.decode()
    assert "修改后的指南名称" not in body and "新增的申请材料" not in body

    approve_review(guide, people["secrecy"])
    body = client.get(guide.get_absolute_url()).content.decode()
    assert "修改后的指南名称" in body and "新增的申请材料" in body
    assert list(guide.materials.values_list("name", flat=True)) == ["新增的申请材料"]


def test_an_imported_task_list_is_public_only_after_review(client, people):
    headers = ["任务清单", "部分", "序号", "任务", "牵头单位", "完成时限"]
    unit = TaskList.objects.get().tasks.first().ordered_lead_units[0].name
    rows = [["2027年新任务清单", "一、新的部分", "1", "新任务甲", unit, "2027年底前"]]
    content = tablib.Dataset(*rows, headers=headers).export("xlsx")
    report = import_list(
        kind="tasks",
        rows=read_list_file(content, "tasks.xlsx"),
        dry_run=False,
        user=people["editor"],
    )
    assert report.ok, report.problems
    task_list = TaskList.objects.get(title="2027年新任务清单")
    assert not task_list.live
    assert task_list.current_workflow_state.current_task_state.task.name == "部门审核"
    assert client.get(task_list.get_absolute_url()).status_code == 404
    assert client.get(f"{task_list.get_absolute_url()}tasks/1/").status_code == 404

    approve_review(task_list, people["secrecy"])
    page = client.get(task_list.get_absolute_url())
    assert page.status_code == 200 and "新任务甲" in page.content.decode()


def test_the_listing_shows_each_entry_review_status(people):
    PowerItemFactory(publish=False, code=NEW_CODE)
    reviewer = logged_in(people["reviewer"])
    body = reviewer.get("/admin/snippets/lists/poweritem/").content.decode()
    assert "状态" in body and "审核中" in body and "已发布" in body
    assert (
        Group.objects.get(name="保密审查员")
        .permissions.filter(codename="publish_poweritem")
        .exists()
    )
