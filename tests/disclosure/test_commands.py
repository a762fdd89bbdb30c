"""Management commands: daily reminders name the step and person where time was lost."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from disclosure import services

from .factories import RequestFactory

pytestmark = pytest.mark.django_db


def test_reminders_email_handlers_about_overdue_and_due_soon(
    office_user, department, department_user, django_capture_on_commit_callbacks
):
    office_user.email = "office@example.gov.cn"
    office_user.save()
    department_user.email = "dept@example.gov.cn"
    department_user.save()
    overdue = RequestFactory(received_on=date(2026, 9, 1))
    services.request_assign(
        request=overdue,
        department_id=department.pk,
        actor=office_user,
        assigned_on=date(2026, 9, 2),
    )
    mail.outbox.clear()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("disclosure_reminders", stdout=out)
    assert "2 位" in out.getvalue()
    by_recipient = {m.to[0]: m for m in mail.outbox}
    office_mail = by_recipient["office@example.gov.cn"]
    assert overdue.number in office_mail.body
    assert "征收管理科" in office_mail.body and "未按期反馈" in office_mail.body
    assert overdue.number in by_recipient["dept@example.gov.cn"].body
