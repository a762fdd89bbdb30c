"""Second factor for every staff user (django-otp): TOTP authenticator plus recovery codes.

After the password, a staff member either enrols (first login: scan a QR code, type one code,
receive ten single-use recovery codes) or verifies with a code. `RequireSecondFactorMiddleware`
stands before every admin URL, so a session without a verified device reaches nothing but the
login, logout and these pages. There is no switch to turn it off: tests that sign staff in with
`client.force_login` get a verified device from tests/support/otp.py, as a real login would.
"""

import secrets
from base64 import b32encode
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.audit import security_event_record
from portal.models import SecurityEventKind

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "身份验证器"
RECOVERY_NAME = "恢复码"
# Admin URL names a signed-in but unverified user may still reach.
OPEN_URL_NAMES = (
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    # The icon sprite is fetched by script and pasted into every admin page, this one included.
    "wagtailadmin_sprite",
    "portal_2fa:setup",
    "portal_2fa:verify",
)


class TokenForm(forms.Form):
    token = forms.CharField(
        label="验证码",
        max_length=16,
        help_text="身份验证器显示的 6 位数字，或一个恢复码。",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())


def _open_paths() -> set[str]:
    paths = set()
    for name in OPEN_URL_NAMES:
        try:
            paths.add(reverse(name))
        except NoReverseMatch:
            continue
    return paths


class RequireSecondFactorMiddleware:
    """Sends a signed-in user without a verified second factor to enrol or verify."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and request.path.startswith(reverse("wagtailadmin_home"))
            and request.path not in _open_paths()
        ):
            target = "portal_2fa:verify" if user_has_device(user) else "portal_2fa:setup"
            return HttpResponseRedirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
        return self.get_response(request)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def totp_secret(device: TOTPDevice) -> str:
    """The key in base32, as authenticator apps take it when typed by hand."""
    return b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(text: str) -> str:
    """An inline SVG QR code, drawn offline (no image service, no inline script)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def recovery_codes_issue(*, user, request: HttpRequest | None = None) -> list[str]:
    """Replace the user's recovery codes with ten new single-use ones and return them once."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        security_event_record(
            kind=SecurityEventKind.RECOVERY_CODES_ISSUED, request=request, user=user
        )
    return codes


def second_factor_reset(*, user, request: HttpRequest | None = None, by: str = "") -> None:
    """Remove every device of a user who lost them: the next login enrols afresh."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        security_event_record(
            kind=SecurityEventKind.SECOND_FACTOR_RESET,
            request=request,
            user=user,
            detail=f"操作人：{by}" if by else "",
        )


def demo_second_factor(user) -> str:
    """Enrol the demo admin of `make run` (dev settings only) and say how to pass the factor.

    The key and recovery codes are printed once, like the demo password: type a recovery code at
    the 双因素验证 page, or add the key to an authenticator app."""
    if not settings.PORTAL_DEMO_ALLOWED:
        raise RuntimeError("demo enrolment is refused outside dev and test settings")
    device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
    codes = recovery_codes_issue(user=user)
    return (
        f"演示管理员已绑定身份验证器：密钥 {totp_secret(device)}\n"
        f"  otpauth 地址：{device.config_url}\n"
        f"  登录后在“双因素验证”页输入身份验证器的 6 位数字，或以下任一恢复码（每个仅可用一次）：\n"
        f"  {' '.join(codes)}"
    )


@never_cache
@sensitive_post_parameters("token")
def setup(request: HttpRequest) -> HttpResponse:
    """First login: show the QR code of a new authenticator key; one right code confirms it."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if user_has_device(user):
        return redirect(f"{reverse('portal_2fa:verify')}?next={quote(_next_url(request))}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            security_event_record(
                kind=SecurityEventKind.SECOND_FACTOR_ENROLLED, request=request, user=user
            )
            codes = recovery_codes_issue(user=user, request=request)
            return render(
                request,
                "portal/security/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        security_event_record(
            kind=SecurityEventKind.SECOND_FACTOR_FAILED, request=request, user=user
        )
        form.add_error("token", "验证码不正确，请核对手机时间后输入最新的 6 位数字。")
    return render(
        request,
        "portal/security/setup.html",
        {
            "form": form,
            "qr": mark_safe(qr_svg(device.config_url)),
            "secret": totp_secret(device),
            "issuer": settings.OTP_TOTP_ISSUER,
            "next": _next_url(request),
        },
    )


def _failure_message(user) -> str:
    """After failures django-otp makes each device wait longer; say so rather than "wrong"."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if not allowed:
            failures = (data or {}).get("failure_count", 1)
            return f"验证码不正确；已连续失败 {failures} 次，尝试过于频繁，请稍候片刻再试。"
    return "验证码不正确或已使用，请重新输入。"


@never_cache
@sensitive_post_parameters("token")
def verify(request: HttpRequest) -> HttpResponse:
    """Every later login: a code from the authenticator or one recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(user):
        return redirect(f"{reverse('portal_2fa:setup')}?next={quote(_next_url(request))}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            security_event_record(
                kind=SecurityEventKind.SECOND_FACTOR_PASSED,
                request=request,
                user=user,
                detail=device.name,
            )
            return redirect(_next_url(request))
        security_event_record(
            kind=SecurityEventKind.SECOND_FACTOR_FAILED, request=request, user=user
        )
        form.add_error("token", _failure_message(user))
    return render(
        request, "portal/security/verify.html", {"form": form, "next": _next_url(request)}
    )


@never_cache
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's second factor: renew recovery codes (shown once)."""
    user = request.user
    if request.method == "POST":
        codes = recovery_codes_issue(user=user, request=request)
        return render(
            request,
            "portal/security/recovery_codes.html",
            {"codes": codes, "next": reverse("wagtailadmin_home")},
        )
    static = StaticDevice.objects.filter(user=user).first()
    return render(
        request,
        "portal/security/account.html",
        {
            "authenticators": TOTPDevice.objects.filter(user=user, confirmed=True),
            "codes_left": static.token_set.count() if static else 0,
        },
    )
