"""Fixtures for 依申请公开 tests: the clock, staff in the two groups, a 承办部门 unit.
Requests are built with `tests.disclosure.factories`."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from lists.models import Unit


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and tracking throttles live in the cache; each test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def today(clock):
    """Every disclosure test runs on Monday 30 November 2026, 09:00 Beijing time, unless it sets
    the clock itself: receipt dates may not lie in the future and "overdue" depends on today."""
    return clock.set(2026, 11, 30, 9).date()


@pytest.fixture
def office_user(db, django_user_model):
    user = django_user_model.objects.create_user(
        "office", password="pw-office-123", first_name="王", last_name="主任"
    )
    user.groups.add(Group.objects.get(name="政府信息公开办公室"))
    return user


@pytest.fixture
def head_user(db, django_user_model):
    """负责人 of the disclosure office: approves extensions (条例第三十三条第二款)."""
    user = django_user_model.objects.create_user(
        "head", password="pw-head-123", first_name="李", last_name="处长"
    )
    user.groups.add(Group.objects.get(name="政府信息公开办公室"))
    user.groups.add(Group.objects.get(name="政府信息公开工作机构负责人"))
    return user


@pytest.fixture
def department(db):
    """A 承办部门: a unit of 机构职能."""
    return Unit.objects.create(name="征收管理科")


@pytest.fixture
def department_user(db, django_user_model, department):
    user = django_user_model.objects.create_user("dept", password="pw-dept-123")
    user.groups.add(Group.objects.get(name="承办部门"))
    department.members.add(user)
    return user
