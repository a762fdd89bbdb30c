"""Seed 004's task list as demo content: every task, section, unit and time limit."""

import io
from datetime import date

import pytest

from fixtures.demo import lists as demo_lists
from lists.models import Task, TaskList, Unit
from lists.parsing import chinese_numeral

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    demo_lists.load(io.StringIO())
    return TaskList.objects.get(title="2020年税务系统政务公开工作重点任务清单")


def test_seed_task_list_has_23_tasks_in_five_sections(loaded):
    sections = list(loaded.sections.order_by("number"))
    assert [str(s) for s in sections] == [
        "一、紧扣依法治税推进用权公开",
        "二、紧扣“六稳”“六保”推进税费政策发布解读和辅导",
        "三、紧扣优化税收营商环境推进税费服务公开",
        "四、紧扣执行《条例》推进政务公开制度化规范化",
        "五、紧扣责任落实推进政务公开提质增效",
    ]
    assert [t.number for t in loaded.tasks.order_by("number")] == list(range(1, 24))
    per_section = [s.tasks.count() for s in sections]
    assert per_section == [5, 5, 4, 5, 4]
    assert loaded.issuer == "国家税务总局办公厅"
    assert loaded.issued_date == date(2020, 7, 28)
    assert "国办发〔2020〕17号" in loaded.notice


def test_seed_tasks_keep_text_units_and_time_limits_as_written(loaded):
    first = loaded.tasks.get(number=1)
    assert first.title == "深化税务机关权责清单公开"
    assert first.description.startswith(
        "税务总局按照党中央、国务院部署做好本机关权责清单编报工作。"
    )
    assert [u.name for u in first.lead_units.all()] == ["政策法规司"]
    assert first.cooperation == "各相关司局、各省税务局分别落实"
    assert first.responsibility_text == "政策法规司牵头，各相关司局、各省税务局分别落实"
    assert first.deadline_text == "税务总局按要求推进，省及省以下税务机关2020年7月底前完成"
    assert first.due_date == date(2020, 7, 31)

    fourteen = loaded.tasks.get(number=14)
    assert sorted(u.name for u in fourteen.lead_units.all()) == sorted(
        ["税收宣传中心", "征管科技司", "社会保险费司（非税收入司）", "税收大数据和风险管理局"]
    )
    two = loaded.tasks.get(number=2)
    assert two.cooperation == "办公厅、税收宣传中心、各省税务局分别落实"
    twenty_two = loaded.tasks.get(number=22)
    assert [u.name for u in twenty_two.ordered_lead_units] == ["教育中心", "人事司", "税收宣传中心"]
    assert (
        twenty_two.responsibility_text == "教育中心、人事司、税收宣传中心牵头，各省税务局分别落实"
    )


@pytest.mark.parametrize(
    ("number", "deadline_text", "due"),
    [
        (3, "持续推进", None),
        (2, "2020年12月底前", date(2020, 12, 31)),
        (13, "2020年10月底建成“好差评”系统，其他工作持续推进", date(2020, 10, 31)),
        (16, "2020年10月底前", date(2020, 10, 31)),
        (
            19,
            "2020年底前，完成税务网站全部支持互联网协议第6版有关工作；其他工作持续推进",
            date(2020, 12, 31),
        ),
        (20, "2020年8月底前报送名单；其他工作持续推进", date(2020, 8, 31)),
        (
            23,
            "2021年1月底前，各级税务机关公开2020年度政府信息公开工作年度报告；其他工作持续推进",
            date(2021, 1, 31),
        ),
    ],
)
def test_seed_time_limits_parse_to_dates(loaded, number, deadline_text, due):
    task = loaded.tasks.get(number=number)
    assert task.deadline_text == deadline_text
    assert task.due_date == due


def test_task_with_two_dated_parts_is_due_by_the_earlier(loaded):
    task = loaded.tasks.get(number=18)
    assert task.deadline_text.startswith("2020年10月20日前，各司局主动公开建议提案办理复文；")
    assert task.due_date == date(2020, 10, 20)


def test_every_lead_unit_is_a_unit_record(loaded):
    names = set(Unit.objects.values_list("name", flat=True))
    for task in Task.objects.all():
        assert task.lead_units.exists()
        assert {u.name for u in task.lead_units.all()} <= names
    assert Unit.objects.filter(is_disclosure_office=True).count() == 1


def test_loading_twice_creates_nothing_new(loaded):
    counts = (TaskList.objects.count(), Task.objects.count(), Unit.objects.count())
    demo_lists.load(io.StringIO())
    assert (TaskList.objects.count(), Task.objects.count(), Unit.objects.count()) == counts


def test_overdue_only_when_dated_unfinished_and_past(loaded):
    task = loaded.tasks.get(number=2)
    assert task.is_overdue(today=date(2021, 1, 1))
    assert not task.is_overdue(today=date(2020, 12, 31))
    task.status = "done"
    assert not task.is_overdue(today=date(2021, 1, 1))
    ongoing = loaded.tasks.get(number=3)
    assert not ongoing.is_overdue(today=date(2030, 1, 1))


def test_chinese_numerals_round_trip():
    from lists.parsing import parse_chinese_numeral

    for n in range(1, 100):
        assert parse_chinese_numeral(chinese_numeral(n)) == n
    assert chinese_numeral(12) == "十二"
