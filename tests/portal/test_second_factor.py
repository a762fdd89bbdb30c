"""Every staff user passes a second factor before any admin page: enrolment with a QR code on
first login, codes from the authenticator afterwards, single-use recovery codes."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import SecurityEvent
from tests.support.otp import confirmed_authenticator, current_code, password_login

PASSWORD = "Right-Pass-2026"
ADMIN_URLS = [
    "/admin/",
    "/admin/pages/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/users/",
    "/admin/disclosure/",
    "/admin/security/audit/",
    "/admin/2fa/",
]


@pytest.fixture
def chief(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.gov.cn", PASSWORD)


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_without_an_enrolled_device_every_admin_url_leads_to_enrolment(client, chief, url):
    assert password_login(client, "chief", PASSWORD).status_code == 302
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/admin/2fa/setup/")


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_with_a_device_every_admin_url_asks_for_a_code(client, chief, url):
    confirmed_authenticator(chief)
    password_login(client, "chief", PASSWORD)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/admin/2fa/verify/")


def test_first_login_enrols_with_a_qr_code_and_gets_recovery_codes(client, chief, clock):
    clock.set(2026, 9, 30, 9)
    password_login(client, "chief", PASSWORD)
    setup = client.get("/admin/2fa/setup/?next=/admin/pages/")
    html = setup.content.decode()
    assert setup.status_code == 200
    assert "<svg" in html and "绑定身份验证器" in html
    device = TOTPDevice.objects.get(user=chief, confirmed=False)

    wrong = client.post("/admin/2fa/setup/", {"token": "000000", "next": "/admin/pages/"})
    assert "验证码不正确" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    clock.set(2026, 9, 30, 9, 0, 10)
    done = client.post("/admin/2fa/setup/", {"token": current_code(device), "next": "/admin/"})
    codes = re.findall(r"<li><code>([0-9a-f]{10})</code></li>", done.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {"login", "otp_failed", "otp_enrolled", "recovery_codes"} <= kinds


def test_later_logins_verify_with_the_authenticator(client, chief, clock):
    clock.set(2026, 9, 30, 9)
    device = confirmed_authenticator(chief)
    password_login(client, "chief", PASSWORD)
    refused = client.post("/admin/2fa/verify/", {"token": "123456", "next": "/admin/"})
    assert refused.status_code == 200 and "验证码不正确" in refused.content.decode()
    # A failure makes the next try wait (django-otp throttling), even with the right code.
    throttled = client.post("/admin/2fa/verify/", {"token": current_code(device)})
    assert "尝试过于频繁" in throttled.content.decode()
    clock.set(2026, 9, 30, 9, 0, 10)
    passed = client.post(
        "/admin/2fa/verify/", {"token": current_code(device), "next": "/admin/pages/"}
    )
    assert passed.status_code == 302 and passed.url == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_a_recovery_code_works_once(client, chief, django_user_model):
    from portal.twofactor import recovery_codes_issue

    confirmed_authenticator(chief)
    code = recovery_codes_issue(user=chief)[0]
    password_login(client, "chief", PASSWORD)
    assert client.post("/admin/2fa/verify/", {"token": code}).status_code == 302
    assert client.get("/admin/").status_code == 200

    second = client.__class__()
    password_login(second, "chief", PASSWORD)
    again = second.post("/admin/2fa/verify/", {"token": code})
    assert again.status_code == 200
    assert second.get("/admin/").status_code == 302


def test_next_never_leaves_the_site(client, chief):
    device = confirmed_authenticator(chief)
    password_login(client, "chief", PASSWORD)
    response = client.post(
        "/admin/2fa/verify/", {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert response.url == "/admin/"


def test_staff_renew_their_recovery_codes(client, chief):
    client.force_login(chief)
    page = client.get("/admin/2fa/")
    assert "剩余恢复码" in page.content.decode()
    renewed = client.post("/admin/2fa/")
    assert len(re.findall(r"<li><code>", renewed.content.decode())) == 10


def test_reset_command_lets_a_user_who_lost_everything_enrol_again(chief):
    from django.core.management import call_command

    confirmed_authenticator(chief)
    call_command("portal_reset_2fa", "chief")
    assert not TOTPDevice.objects.filter(user=chief).exists()
    assert SecurityEvent.objects.filter(kind="otp_reset", username="chief").exists()
