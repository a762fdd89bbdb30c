"""Open requests follow the working-day calendar when staff change it in the admin."""

from datetime import date

import pytest

from disclosure.models import Status
from workdays.calendar import add_working_days
from workdays.models import CalendarOverride

from .factories import RequestFactory

pytestmark = pytest.mark.django_db


def test_open_deadlines_are_recomputed_when_staff_change_the_holiday_table(
    client, office_user, django_capture_on_commit_callbacks
):
    request = RequestFactory(received_on=date(2026, 11, 20))
    before = request.reply_due_on
    client.force_login(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/snippets/workdays/calendaroverride/add/",
            {"date": "2026-11-25", "kind": "holiday", "name": "临时休息"},
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.PROCESSING
    assert request.reply_due_on == add_working_days(before, 1)

    override = CalendarOverride.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/snippets/workdays/calendaroverride/delete/{override.pk}/")
    assert not CalendarOverride.objects.exists()
    request.refresh_from_db()
    assert request.reply_due_on == before
