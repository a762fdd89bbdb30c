"""Fixtures for consultation tests: the column, a fresh rate-limit cache, private file root."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.CONSULTATION_PRIVATE_ROOT = str(tmp_path / "private")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def column(site_tree):
    from consultation.models import ConsultationIndexPage

    return ConsultationIndexPage.objects.get()


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("staff", "staff@example.invalid", "pw")
