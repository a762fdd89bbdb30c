"""Public list and item pages: filters, item pages, overdue highlight, printable guides."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from lists.models import PowerItem, PowerItemChange, ServiceGuide, Task, TaskList, Unit
from lists.services import power_item_delete, power_item_save
from tests.lists.factories import PowerItemFactory, TaskFactory

pytestmark = pytest.mark.django_db

POWER = "/xxgk/fdzdgknr/power-list/"
GUIDES = "/xxgk/fdzdgknr/service-guides/"
TASKS = "/xxgk/fdzdgknr/task-lists/"


def _save_and_publish(item: PowerItem, *, reason: str) -> None:
    """A change as its review publishes it (here with no person, as the demo loader does)."""
    power_item_save(item=item, user=None, reason=reason, submit=False)
    item.get_latest_revision().publish()


def test_power_list_filters_by_type_unit_and_keyword(client: Client, demo):
    response = client.get(POWER)
    assert response.status_code == 200
    body = response.content.decode()
    assert "增值税防伪税控系统最高开票限额审批" in body
    assert "税收保全措施" in body

    body = client.get(POWER, {"type": "QZ"}).content.decode()
    assert "税收保全措施" in body
    assert "增值税防伪税控系统最高开票限额审批" not in body

    unit = Unit.objects.get(name="政策法规司")
    body = client.get(POWER, {"unit": unit.pk}).content.decode()
    assert "未按照规定期限办理纳税申报" in body
    assert "税收保全措施" not in body

    body = client.get(POWER, {"q": "第五十四条"}).content.decode()
    assert "税务检查" in body
    assert "税收保全措施" not in body


def test_bad_filter_values_are_reported_not_fatal(client: Client, demo):
    response = client.get(POWER, {"type": "<script>", "unit": "abc", "page": "999"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "未知的权力类型" in body
    assert "未知的承办机构" in body
    assert "<script>" not in body
    assert client.get(GUIDES, {"channel": "fax"}).status_code == 200
    assert client.get(f"{TASKS}99999/").status_code == 404
    assert client.get(f"{POWER}NO-SUCH-CODE/").status_code == 404
    huge = "9" * 30
    assert client.get(POWER, {"unit": huge, "q": "税\x00务"}).status_code == 200
    assert client.get(f"{TASKS}{huge}/").status_code == 404
    assert client.get(f"{TASKS}1/tasks/{huge}/").status_code == 404
    assert client.get(f"{POWER}%00/").status_code == 404
    assert client.get(f"{GUIDES}{'x' * 300}/").status_code == 404
    task_list = TaskList.objects.get()
    response = client.get(task_list.get_absolute_url(), {"unit": huge, "status": "x\x00"})
    assert response.status_code == 200


def test_power_item_page_shows_fields_and_history(client: Client, demo):
    item = PowerItem.objects.get(power_type="QZ")
    item.legal_basis = "《中华人民共和国税收征收管理法》第三十八条"
    _save_and_publish(item, reason="依据法律修订调整设定依据")
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert item.get_absolute_url() == f"{POWER}{item.code}/"
    for text in ["税收保全措施", "行政强制", "县以上税务局（分局）", "冻结相当于应纳税款的存款"]:
        assert text in body
    assert "依据法律修订调整设定依据" in body
    assert "新增" in body and "调整" in body
    history = client.get(f"{POWER}changes/").content.decode()
    assert "依据法律修订调整设定依据" in history


def test_power_item_history_records_what_changed_and_why(demo):
    item = PowerItem.objects.get(power_type="JC")
    assert list(item.changes.values_list("kind", flat=True)) == ["created"]
    item.supervision_phone = "12366"
    _save_and_publish(item, reason="补充监督电话")
    change = item.changes.first()
    assert change.kind == PowerItemChange.KIND_CHANGED
    assert change.changes == [{"field": "监督电话", "old": "", "new": "12366"}]
    assert change.reason == "补充监督电话"
    item.refresh_from_db()
    _save_and_publish(item, reason="再次保存")  # nothing changed: no entry
    assert item.changes.count() == 2
    code = item.code
    power_item_delete(item=item, user=None, reason="职能调整，事项取消")
    removal = PowerItemChange.objects.filter(item_code=code).first()
    assert removal.kind == PowerItemChange.KIND_REMOVED
    assert removal.reason == "职能调整，事项取消"
    assert PowerItemChange.objects.filter(item_code=code).count() == 3


def test_a_power_item_change_needs_a_valid_item(db):
    item = PowerItemFactory()
    item.code = "XK-1"
    with pytest.raises(ValidationError, match="事项编码应为"):
        power_item_save(item=item, user=None, reason="改编码")
    assert item.changes.count() == 1


def test_guide_list_filters_by_type_and_channel(client: Client, demo):
    body = client.get(GUIDES).content.decode()
    assert "增值税防伪税控系统最高开票限额审批" in body
    assert "政府信息公开申请" in body
    body = client.get(GUIDES, {"type": "GG"}).content.decode()
    assert "政府信息公开申请" in body
    assert "最高开票限额" not in body
    guide = ServiceGuide.objects.get(code="BSZN-002")
    guide.online = False
    guide.contactless = False
    guide.save()
    body = client.get(GUIDES, {"channel": "contactless"}).content.decode()
    assert "最高开票限额" in body
    assert "政府信息公开申请" not in body


def test_guide_page_is_printable_and_complete(client: Client, demo):
    guide = ServiceGuide.objects.get(code="BSZN-001")
    response = client.get(guide.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    for text in [
        "受理条件",
        "增值税专用发票最高开票限额申请单",
        "原件",
        "必要",
        "办理流程",
        "非接触式办理",
        "法定时限",
        "20个工作日",
        "承诺时限",
        "不收费",
        "常见问题",
        "data-print",
        'media="print"',
    ]:
        assert text in body, text
    assert guide.power_item.get_absolute_url() in body


def test_task_list_page_groups_sections_and_highlights_overdue(client: Client, demo, clock):
    clock.set(2020, 12, 31, 9)  # the list's last day: every earlier time limit has passed
    task_list = TaskList.objects.get()
    index = client.get(TASKS).content.decode()
    assert task_list.title in index
    response = client.get(task_list.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="task') >= 23
    assert "一、紧扣依法治税推进用权公开" in body
    assert "五、紧扣责任落实推进政务公开提质增效" in body
    # The demo records no completion: every task dated before today is overdue.
    dated = Task.objects.filter(due_date__lt=date(2020, 12, 31)).count()
    assert dated
    assert body.count("task--overdue") == dated
    done = Task.objects.filter(due_date__lt=date(2020, 12, 31)).first()
    done.status = "done"
    done.save()
    body = client.get(task_list.get_absolute_url()).content.decode()
    assert body.count("task--overdue") == dated - 1


def test_task_list_filters_by_unit_and_overdue(client: Client, demo, clock):
    clock.set(2020, 11, 15, 9)  # after the October time limits, before the year-end ones
    task_list = TaskList.objects.get()
    unit = Unit.objects.get(name="人事司")
    body = client.get(task_list.get_absolute_url(), {"unit": unit.pk}).content.decode()
    assert "规范税务机构信息公开" in body
    assert "强化培训工作" in body
    assert "深化税务机关权责清单公开" not in body
    body = client.get(task_list.get_absolute_url(), {"status": "overdue"}).content.decode()
    assert "深化税务机关权责清单公开" in body  # 2020年7月底前
    assert "完善政府信息公开平台" in body  # 2020年10月底前
    assert "规范税务机构信息公开" not in body  # 2020年12月底前: not yet
    assert "健全重大税务行政决策公众参与机制" not in body  # 持续推进: never
    # The filter takes the Chinese label as well as the code.
    labelled = client.get(task_list.get_absolute_url(), {"status": "已逾期"}).content.decode()
    assert "深化税务机关权责清单公开" in labelled and "规范税务机构信息公开" not in labelled


def test_a_task_is_overdue_from_the_day_after_its_time_limit(client: Client, site_tree, clock):
    task = TaskFactory(deadline_text="2026年9月底前")
    url = task.task_list.get_absolute_url()
    clock.set(2026, 9, 30, 23)
    assert "task--overdue" not in client.get(url).content.decode()
    assert task.title not in client.get(url, {"status": "overdue"}).content.decode()
    clock.set(2026, 10, 1, 0)
    assert client.get(url).content.decode().count("task--overdue") == 1
    assert task.title in client.get(url, {"status": "overdue"}).content.decode()


def test_task_page_shows_progress_updates(client: Client, demo):
    from datetime import date

    from lists.services import task_add_progress

    task = Task.objects.get(number=16)
    task_add_progress(
        task=task, note="政府信息公开平台已上线。", status="done", reported_on=date(2020, 10, 30)
    )
    body = client.get(task.get_absolute_url()).content.decode()
    assert "政府信息公开平台已上线。" in body
    assert "2020-10-30" in body
    assert "已逾期" not in body
    task.refresh_from_db()
    assert task.status == "done"


def test_units_page_and_guide_take_contacts_from_the_disclosure_office(client: Client, demo):
    office = Unit.objects.get(is_disclosure_office=True)
    office.phone = "010-00000000"
    office.save()
    body = client.get("/jgzn/").content.decode()
    assert "政策法规司" in body and "010-00000000" in body
    guide = client.get("/xxgk/guide/")
    assert guide.status_code == 200
    text = guide.content.decode()
    assert office.name in text
    assert "010-00000000" in text
    assert office.address in text


def test_lists_can_be_downloaded_by_the_public(client: Client, demo):
    import tablib

    response = client.get(f"{POWER}download/xlsx/")
    assert response.status_code == 200
    data = tablib.Dataset().load(response.content, format="xlsx")
    assert len(data) == PowerItem.objects.count()
    assert "删除" not in data.headers and "调整原因" not in data.headers
    assert "设定依据" in data.headers
    tasks = client.get(f"{TASKS}download/csv/")
    assert tasks.status_code == 200
    text = tasks.content.decode("utf-8-sig")
    assert text.count("2020年税务系统政务公开工作重点任务清单") == 23
    assert client.get(f"{GUIDES}download/pdf/").status_code == 404
    assert 'href="/xxgk/fdzdgknr/power-list/download/xlsx/"' in client.get(POWER).content.decode()


def test_statutory_content_column_links_to_the_units_page(client, site_tree):
    from cms.models import StatutoryContentIndexPage

    html = client.get(StatutoryContentIndexPage.objects.get().url).content.decode()
    assert 'href="/jgzn/"' in html and "机构职能" in html
