"""Production hygiene: no demo data under production settings, error mail to ADMINS, gunicorn
without a shared control socket, audit retention that no purge can shorten."""

import runpy
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import path
from django.utils import timezone

from portal.audit import security_event_record, security_events_purge
from portal.env import admins_config
from portal.errors import RuleViolation
from portal.models import SecurityEvent, SecurityEventKind
from tests.portal.test_settings import GOOD_SECRET, PII_KEY, _manage

ROOT = Path(__file__).resolve().parents[2]


def test_setup_demo_refuses_to_run_under_production_settings():
    result = _manage(
        "setup_demo",
        "--no-admin",
        "--no-index",
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="portal.example.gov.cn",
        PII_ENCRYPTION_KEYS=PII_KEY,
        DATABASE_URL="sqlite:////nonexistent-dir/never-created.sqlite3",
    )
    assert result.returncode != 0
    assert "生产环境配置下拒绝执行" in result.stderr


def test_admins_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMINS", "值班员 <ops@example.gov.cn>, sec@example.gov.cn")
    assert admins_config() == [("值班员", "ops@example.gov.cn"), ("", "sec@example.gov.cn")]
    monkeypatch.setenv("ADMINS", "")
    assert admins_config() == []


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]


def test_a_server_error_mails_the_admins(settings, db):
    settings.ADMINS = [("值班员", "ops@example.gov.cn")]
    settings.ROOT_URLCONF = "tests.portal.test_production_hygiene"
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "工作人员已收到通知" in response.content.decode()
    assert [message.to for message in mail.outbox] == [["ops@example.gov.cn"]]


def test_gunicorn_runs_without_a_control_socket():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["control_socket_disable"] is True
    assert "gunicorn.conf.py" in (ROOT / "Makefile").read_text()


def test_audit_rows_younger_than_the_retention_cannot_be_purged(db, clock, settings):
    settings.PORTAL_AUDIT_RETENTION_DAYS = 180
    clock.set(2026, 1, 1, 9)
    old = security_event_record(kind=SecurityEventKind.LOGIN_FAILED, username="x")
    clock.set(2026, 9, 30, 9)
    recent = security_event_record(kind=SecurityEventKind.LOGIN_FAILED, username="y")

    with pytest.raises(RuleViolation, match="至少保存 180 天"):
        security_events_purge(older_than_days=90)
    with pytest.raises(RuleViolation):
        recent.delete()
    with pytest.raises(RuleViolation):
        SecurityEvent.objects.all().delete()
    assert SecurityEvent.objects.count() == 2

    assert security_events_purge(older_than_days=180) == 1
    assert list(SecurityEvent.objects.all()) == [recent]
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()


def test_retention_setting_cannot_go_below_180_days(db, settings, clock):
    settings.PORTAL_AUDIT_RETENTION_DAYS = 30
    clock.set(2026, 9, 30, 9)
    event = security_event_record(kind=SecurityEventKind.LOGIN, username="z")
    clock.set(2026, 9, 30, 9)
    SecurityEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(days=60))
    with pytest.raises(RuleViolation):
        security_events_purge(older_than_days=30)
    with pytest.raises(RuleViolation):
        SecurityEvent.objects.all().delete()


def test_purge_command_refuses_a_short_period(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="至少保存"):
        call_command("portal_purge_audit", "--older-than-days", "30")


def test_gunicorn_workers_load_the_segmentation_dictionary_before_their_first_search():
    from search import segmentation

    segmentation._tokenizer.cache_clear()
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config["post_worker_init"](None)
    assert segmentation._tokenizer.cache_info().currsize == 1
    assert segmentation._tokenizer().initialized
