"""Helpers for 依申请公开 tests: users in the two groups, and requests made through services."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from disclosure import services
from disclosure.models import Department

VALID_ID = "11010519491231002X"
VALID_CREDIT_CODE = "91350100M000100Y43"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and tracking throttles live in the cache; each test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def office_user(db, django_user_model):
    user = django_user_model.objects.create_user(
        "office", password="pw-office-123", first_name="王", last_name="主任"
    )
    user.groups.add(Group.objects.get(name="政府信息公开办公室"))
    return user


@pytest.fixture
def department(db):
    return Department.objects.create(name="征收管理科")


@pytest.fixture
def department_user(db, django_user_model, department):
    user = django_user_model.objects.create_user("dept", password="pw-dept-123")
    user.groups.add(Group.objects.get(name="承办部门"))
    department.members.add(user)
    return user


def register(**overrides):
    values = {
        "channel": "online",
        "applicant_kind": "natural_person",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13800138000",
        "email": "zhangsan@example.com",
        "address": "北京市西城区某某街道1号院2号楼",
        "description": "2025年度本局行政事业性收费项目清单",
        "info_form": "electronic",
        "delivery": "email",
        "received_on": date(2026, 9, 18),
    }
    values.update(overrides)
    return services.request_register(**values)


@pytest.fixture
def make_request(db):
    return register
