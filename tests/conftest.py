"""Fixtures shared by every capability's tests."""

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from wagtail.models import Site

from cms.services.site_tree import ensure_site_tree

BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(monkeypatch):
    """`client.force_login(user)` signs a staff member in completely: password and second
    factor (a confirmed authenticator). The admin's 2FA enforcement itself is never switched off;
    tests/portal/test_second_factor.py signs in through the forms to test it."""
    from tests.support.otp import verify_second_factor

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        verify_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def site_tree(db):
    """The statutory page tree, exactly as `make run` builds it."""
    return ensure_site_tree(hostname="testserver")


@pytest.fixture
def default_site(site_tree) -> Site:
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def failing_mail(settings) -> None:
    """Every e-mail send fails as in an SMTP outage; the portal's mail queue must keep the mail."""
    settings.EMAIL_BACKEND = "tests.support.mail.FailingBackend"


@pytest.fixture
def calendar_ends(monkeypatch):
    """Make the packaged holiday calendar stop after a given year, whatever release is installed:
    `calendar_ends(2026)` leaves 2027 and later to the statutory holidays, weekdays and 暂定, so a
    test of the provisional rule does not break the day a release covers 2027."""
    from workdays import calendar

    real = calendar.package_covers

    def end_after(last_year: int) -> None:
        monkeypatch.setattr(
            calendar, "package_covers", lambda year: real(year) and year <= last_year
        )

    return end_after


class Clock:
    """The test's clock: `clock.set(2026, 9, 30, 9)` moves "now" to that Beijing time."""

    def __init__(self, traveller: time_machine.travel | None = None) -> None:
        self._traveller = traveller

    def set(self, *args: int) -> datetime:
        moment = datetime(*args, tzinfo=BEIJING)
        self.stop()
        self._traveller = time_machine.travel(moment, tick=False)
        self._traveller.start()
        return moment

    def stop(self) -> None:
        if self._traveller is not None:
            self._traveller.stop()
            self._traveller = None


@pytest.fixture
def clock() -> Iterator[Clock]:
    """Set the date explicitly; no test may depend on the day it happens to run."""
    moving = Clock()
    yield moving
    moving.stop()
