"""`manage.py setup_demo`, the command behind `make run`."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page


@pytest.mark.django_db
def test_setup_demo_is_idempotent_and_prints_admin_password_once(settings):
    settings.DEBUG = True
    first = StringIO()
    call_command("setup_demo", "--no-index", stdout=first)
    pages = Page.objects.count()
    second = StringIO()
    call_command("setup_demo", "--no-index", stdout=second)
    assert Page.objects.count() == pages
    assert "密码" in first.getvalue() and "仅显示这一次" in first.getvalue()
    assert "已存在" in second.getvalue()
    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1


@pytest.mark.django_db
def test_setup_demo_refuses_admin_outside_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("setup_demo", stdout=StringIO())
