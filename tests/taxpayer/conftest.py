"""Fixtures for 纳税服务 tests: the units, the people in each group, a hall and guides, and
helpers that file matters through the services (never by writing rows directly)."""

from datetime import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from lists.models import ServiceGuide, Unit
from taxpayer.models import MatterKind, ServiceHall, TaxpayerSettings
from taxpayer.services import matters as matter_services
from tests.conftest import BEIJING


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Rate limits and tracking throttles live in the cache, attachments in a private root:
    each test starts clean."""
    settings.TAXPAYER_PRIVATE_ROOT = str(tmp_path / "private")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def units(db):
    """The 纳税服务部门 (marked in 纳税服务设置), two handling departments and a hall's unit."""
    service = Unit.objects.create(name="纳税服务科", email="nsfw@example.gov.cn", sort_order=1)
    levy = Unit.objects.create(name="征收管理科", sort_order=2)
    policy = Unit.objects.create(name="税政科", sort_order=3)
    hall = Unit.objects.create(
        name="第一办税服务厅", address="示例路1号", phone="0564-12366", sort_order=4
    )
    settings = TaxpayerSettings.load()
    settings.service_unit = service
    settings.save()
    return {"service": service, "levy": levy, "policy": policy, "hall": hall}


def _user(django_user_model, username, group, unit=None, **extra):
    user = django_user_model.objects.create_user(
        username, password="pw-12345-x", email=f"{username}@example.gov.cn", **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    if unit is not None:
        unit.members.add(user)
    return user


@pytest.fixture
def service_user(django_user_model, units):
    return _user(django_user_model, "nsfw", "纳税服务部门", units["service"], first_name="李")


@pytest.fixture
def levy_user(django_user_model, units):
    return _user(django_user_model, "levy", "诉求承办部门", units["levy"], first_name="王")


@pytest.fixture
def policy_user(django_user_model, units):
    return _user(django_user_model, "policy", "诉求承办部门", units["policy"])


@pytest.fixture
def deputy(django_user_model):
    return _user(django_user_model, "deputy", "分管局领导", first_name="赵", last_name="副局长")


@pytest.fixture
def head(django_user_model):
    return _user(django_user_model, "head", "主要领导", first_name="钱", last_name="局长")


@pytest.fixture
def hall_user(django_user_model, units):
    return _user(django_user_model, "hallstaff", "办税服务厅", units["hall"])


@pytest.fixture
def hall(units, hall_user):
    hall = ServiceHall.objects.create(unit=units["hall"], capacity=2)
    hall.staff.add(hall_user)
    return hall


@pytest.fixture
def guide(units):
    return ServiceGuide.objects.create(
        code="BSZN-101",
        name="增值税专用发票最高开票限额审批",
        guide_type="XK",
        legal_basis="国务院令第412号",
        statutory_limit="20个工作日",
        promised_limit="10个工作日",
        handling_unit=units["levy"],
    )


def beijing(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


def file_appeal(**overrides):
    """A 诉求 from the website (the public form's channel), unless overridden."""
    values = {
        "kind": MatterKind.APPEAL,
        "channel": "website",
        "taxpayer_name": "某某商贸有限公司",
        "phone": "13800138000",
        "email": "taxpayer@example.com",
        "category": "policy",
        "content": "小规模纳税人减免增值税政策在本地如何申报享受？",
    }
    values.update(overrides)
    return matter_services.matter_register(**values)


def file_first_contact(**overrides):
    values = {
        "kind": MatterKind.FIRST_CONTACT,
        "channel": "in_person",
        "taxpayer_name": "张三",
        "phone": "13900139000",
        "email": "zhangsan@example.com",
        "content": "申请调整增值税专用发票最高开票限额，材料已收齐。",
    }
    values.update(overrides)
    return matter_services.matter_register(**values)
