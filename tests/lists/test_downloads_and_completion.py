"""List downloads read well in Excel (Chinese names, sized columns, frozen header), and a 任务清单
whose year has ended reports its 完成情况 instead of flagging every open task 已逾期."""

from io import BytesIO
from urllib.parse import quote

import pytest
from django.test import Client
from openpyxl import load_workbook

from lists.models import Task, TaskList

pytestmark = pytest.mark.django_db

POWER = "/xxgk/fdzdgknr/power-list/"
TASKS = "/xxgk/fdzdgknr/task-lists/"


def test_public_xlsx_has_chinese_names_sized_columns_and_a_frozen_header(
    client: Client, demo, clock
):
    clock.set(2026, 11, 30, 9)
    response = client.get(f"{POWER}download/xlsx/")
    assert quote("权责清单-2026-11-30.xlsx") in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["权责清单"]
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1] if cell.value)
    header = [cell.value for cell in sheet[1]]
    name_column = sheet.cell(row=1, column=header.index("事项名称") + 1).column_letter
    assert sheet.column_dimensions[name_column].width >= 20
    tasks = client.get(f"{TASKS}download/csv/")
    assert quote("任务清单-2026-11-30.csv") in tasks["Content-Disposition"]


def test_staff_export_uses_the_same_finish(client: Client, demo, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="pw-root-123456")
    client.force_login(admin)
    response = client.get("/admin/lists/export/tasks.xlsx")
    assert response.status_code == 200
    assert quote("任务清单-") in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.title == "任务清单" and sheet.freeze_panes == "A2"


def test_an_ended_year_shows_completion_not_overdue(client: Client, demo, clock):
    clock.set(2021, 2, 1, 9)
    task_list = TaskList.objects.get()
    assert task_list.year == 2020
    done = Task.objects.get(number=2)
    done.status = "done"
    done.save()
    total = Task.objects.count()
    body = client.get(task_list.get_absolute_url()).content.decode()
    assert "task--overdue" not in body and "已逾期" not in body
    assert "完成情况" in body
    assert f"本清单共{total}项任务，已完成1项，未完成{total - 1}项" in body
    page = client.get(f"{task_list.get_absolute_url()}tasks/{done.number}/").content.decode()
    assert "2020年度已结束，本任务已完成" in page and "已逾期" not in page
    open_task = Task.objects.exclude(due_date=None).exclude(status="done").first()
    page = client.get(f"{task_list.get_absolute_url()}tasks/{open_task.number}/").content.decode()
    assert "本任务未完成" in page and "已逾期" not in page


def test_during_its_year_the_list_still_flags_overdue_tasks(client: Client, demo, clock):
    clock.set(2020, 11, 15, 9)
    task_list = TaskList.objects.get()
    body = client.get(task_list.get_absolute_url()).content.decode()
    assert "已逾期" in body and "task-completion" not in body
