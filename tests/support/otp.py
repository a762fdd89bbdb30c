"""Second-factor helpers for tests: staff sessions that passed the second factor, as in real use.

`client.force_login(user)` skips the password step; tests/conftest.py makes it skip the second
step too by calling `verify_second_factor`, so a forced login means a fully signed-in staff
member. Tests of the second factor itself sign in through the login form (`password_login`).
"""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

TEST_DEVICE_NAME = "测试验证器"


def confirmed_authenticator(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, name=TEST_DEVICE_NAME).first()
    return device or TOTPDevice.objects.create(user=user, name=TEST_DEVICE_NAME, confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app would show right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def verify_second_factor(client: Client, user) -> None:
    device = confirmed_authenticator(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def password_login(client: Client, username: str, password: str, **extra):
    """Sign in through Wagtail's login form, as a person does (lockout and audit included)."""
    return client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}, **extra
    )
