"""Staff login hardening: lockout per account and per address, the real client address, the
unlock screen, the audit trail, Argon2, the password rule and session limits."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

from portal.clientip import client_ip
from portal.models import SecurityEvent
from tests.support.otp import password_login

PASSWORD = "Right-Pass-2026"


@pytest.fixture
def chief(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.gov.cn", PASSWORD)


def _fail(client, username: str, times: int, **extra) -> None:
    for _ in range(times):
        response = password_login(client, username, "wrong-password", **extra)
        assert response.status_code in (200, 429)


def test_five_failures_lock_the_account_even_for_the_right_password(client, chief):
    _fail(client, "chief", 5)
    response = password_login(client, "chief", PASSWORD)
    assert response.status_code == 429
    assert "登录已被锁定" in response.content.decode()
    # Another address is refused too: the account itself is locked.
    other = password_login(client, "chief", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 429
    kinds = list(SecurityEvent.objects.values_list("kind", flat=True))
    assert kinds.count("login_failed") >= 5
    assert "locked_out" in kinds
    assert "login" not in kinds


def test_failures_across_accounts_lock_the_client_address(client, chief, django_user_model):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        _fail(client, name, 1, REMOTE_ADDR="203.0.113.9")
    locked = password_login(client, "chief", PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert locked.status_code == 429
    elsewhere = password_login(client, "chief", PASSWORD, REMOTE_ADDR="203.0.113.10")
    assert elsewhere.status_code == 302


def test_forged_forwarded_for_does_not_escape_the_address_lock(client, chief):
    for number in range(5):
        _fail(client, f"x{number}", 1, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    response = password_login(client, "chief", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_client_address_is_the_peer_unless_the_peer_is_a_trusted_proxy(settings):
    factory = RequestFactory()
    forged = factory.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert client_ip(forged) == "198.51.100.1"
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert client_ip(forged) == "198.51.100.1"
    proxied = factory.get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5, 10.0.0.2"
    )
    # Read from the right past our own proxies: the client's own prefix (1.2.3.4) is not believed.
    assert client_ip(proxied) == "203.0.113.5"
    garbage = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_ip(garbage) == "127.0.0.1"


def test_superuser_unlocks_from_the_admin_and_it_is_audited(client, chief, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", "c@example.gov.cn", PASSWORD)
    _fail(client, "clerk", 5, REMOTE_ADDR="203.0.113.20")
    assert password_login(client, "clerk", PASSWORD).status_code == 429

    admin = client.__class__()
    admin.force_login(chief)
    screen = admin.get("/admin/security/lockouts/")
    assert screen.status_code == 200
    assert "clerk" in screen.content.decode()
    attempt = AccessAttempt.objects.filter(username="clerk").first()
    released = admin.post(f"/admin/security/lockouts/{attempt.pk}/release/")
    assert released.status_code == 302
    assert not AccessAttempt.objects.filter(username="clerk").exists()
    unlocked = SecurityEvent.objects.get(kind="unlocked")
    assert unlocked.username == "clerk" and "chief" in unlocked.detail
    assert password_login(client, "clerk", PASSWORD).status_code == 302
    audit = admin.get("/admin/security/audit/", {"kind": "unlocked"}).content.decode()
    assert "解除锁定" in audit

    staff = client.__class__()
    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    staff.force_login(clerk)
    refused = staff.get("/admin/security/lockouts/")
    assert refused.status_code == 302 and refused.url == "/admin/"


def test_login_and_logout_are_audited_with_the_client_address(client, chief):
    assert password_login(client, "chief", PASSWORD, REMOTE_ADDR="203.0.113.30").status_code == 302
    client.post("/admin/logout/", REMOTE_ADDR="203.0.113.30")
    login = SecurityEvent.objects.get(kind="login")
    assert login.user == chief and login.ip_address == "203.0.113.30"
    assert SecurityEvent.objects.filter(kind="logout", username="chief").exists()


def test_older_hashes_are_upgraded_to_argon2_at_login(client, chief, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    chief.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    chief.save()
    assert password_login(client, "chief", PASSWORD).status_code == 302
    chief.refresh_from_db()
    assert chief.password.startswith("argon2$")


def test_argon2_is_the_production_hasher():
    from portal.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.parametrize("weak", ["taxportal", "lowercaseonly", "Abcdefgh", "Sh0rt-pw"])
def test_weak_passwords_are_refused_in_chinese(weak):
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            validate_password(weak)
        assert any("密码" in message for message in refused.value.messages)


def test_three_classes_and_ten_characters_pass():
    validate_password("Quiet-river-42")
    with pytest.raises(ValidationError, match="至少包含"):
        validate_password("quietriverbanks")


def test_session_key_rotates_at_login(client, chief):
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key
    assert password_login(client, "chief", PASSWORD).status_code == 302
    assert client.cookies["sessionid"].value != before


def test_staff_are_signed_out_after_thirty_idle_minutes(client, chief, clock):
    clock.set(2026, 9, 30, 9)
    client.force_login(chief)
    assert client.get("/admin/").status_code == 200
    clock.set(2026, 9, 30, 9, 29)
    assert client.get("/admin/").status_code == 200
    clock.set(2026, 9, 30, 10, 0)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    assert SecurityEvent.objects.filter(kind="session_expired", username="chief").exists()


def test_staff_are_signed_out_after_eight_hours_however_busy(client, chief, clock):
    clock.set(2026, 9, 30, 8)
    client.force_login(chief)
    for hour in range(8):
        for minute in (0, 20, 40):
            clock.set(2026, 9, 30, 8 + hour, minute)
            assert client.get("/admin/").status_code == 200
    clock.set(2026, 9, 30, 16, 1)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
