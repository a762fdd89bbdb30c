"""Open requests follow the working-day calendar when staff change it."""

from datetime import date

import pytest

from disclosure.models import Status
from workdays.calendar import add_working_days
from workdays.models import CalendarOverride

pytestmark = pytest.mark.django_db


def test_open_deadlines_are_recomputed_when_the_table_changes(
    make_request, django_capture_on_commit_callbacks
):
    request = make_request(received_on=date(2026, 11, 20))
    before = request.reply_due_on
    with django_capture_on_commit_callbacks(execute=True):
        CalendarOverride.objects.create(date=date(2026, 11, 25), kind="holiday", name="临时休息")
    request.refresh_from_db()
    assert request.status == Status.PROCESSING
    assert request.reply_due_on == add_working_days(before, 1)
