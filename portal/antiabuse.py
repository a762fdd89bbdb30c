"""Self-hosted protection for public forms (reCAPTCHA is unreachable in mainland China).

One mechanism shared by every public form (依申请公开, 征求意见):
- a honeypot field that people never see and bots fill in;
- an arithmetic captcha whose answer travels signed in the form (switch off with
  PORTAL_CAPTCHA_ENABLED=false for tests and the demo). Each question carries a random nonce and
  a solved one is remembered in the shared cache until it would expire anyway, so one solved
  captcha files one form, never two. Self-hosted on purpose: no image fonts, no JavaScript
  widget, nothing a screen reader cannot follow (django-simple-captcha draws distorted images;
  ALTCHA needs script in the browser);
- a per-IP rate limit (django-ratelimit on the shared cache, keyed on `portal.clientip`) that
  stays on everywhere, counts only successful submissions and never throws typed work away.
"""

import hashlib
import secrets
import time
from collections.abc import Callable
from contextvars import ContextVar
from datetime import timedelta
from functools import wraps

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_ratelimit.core import get_usage

from portal.clientip import client_ip

CAPTCHA_SALT = "portal.antiabuse.captcha"
CAPTCHA_USED_PREFIX = "portal:captcha-used:"
CAPTCHA_MAX_AGE_SECONDS = 30 * 60
HONEYPOT_FIELD = "website"
SUCCESS_STATUSES = frozenset({301, 302, 303})
"""Every public form redirects after storing a submission (post/redirect/get)."""
_limit_hit: ContextVar[str] = ContextVar("portal_rate_limit_hit", default="")
"""Set by `rate_limit` while a view runs over the limit: the message the form shows."""


def new_captcha() -> tuple[str, str]:
    """Return (question, signed token) for a fresh sum of two small numbers."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    payload = {"answer": a + b, "issued": int(time.time()), "nonce": secrets.token_hex(8)}
    return f"{a} + {b} = ？", signing.dumps(payload, salt=CAPTCHA_SALT)


def captcha_answer_is_valid(token: str, answer: str) -> bool:
    """True once per token: a right answer uses the captcha up, a replay is refused."""
    try:
        payload = signing.loads(token, salt=CAPTCHA_SALT, max_age=CAPTCHA_MAX_AGE_SECONDS)
    except signing.BadSignature:
        return False
    if str(payload.get("answer")) != (answer or "").strip():
        return False
    key = CAPTCHA_USED_PREFIX + hashlib.sha256(token.encode()).hexdigest()
    # cache.add is the atomic "first one wins"; the entry lives as long as the token could.
    return cache.add(key, 1, timeout=CAPTCHA_MAX_AGE_SECONDS + 60)


class AntiAbuseFormMixin(forms.Form):
    """Mix into any public form: adds the honeypot and, when enabled, the captcha."""

    website = forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.captcha_enabled = settings.PORTAL_CAPTCHA_ENABLED
        if self.captcha_enabled:
            question, token = new_captcha()
            self.fields["captcha_token"] = forms.CharField(widget=forms.HiddenInput, required=False)
            self.fields["captcha_answer"] = forms.CharField(
                label=f"验证码：{question}",
                max_length=4,
                help_text="请填写计算结果（阿拉伯数字）。",
            )
            if not self.is_bound:
                self.initial["captcha_token"] = token
            else:
                # Re-rendered after an error: offer a new question, keep the typed data.
                self.data = self.data.copy()
                self._fresh_captcha = (question, token)

    def clean(self):
        cleaned = super().clean()
        limited = _limit_hit.get()
        if limited:
            # Over the per-IP limit: refuse before the captcha is used up; the data stays.
            raise forms.ValidationError(limited, code="rate_limited")
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError("提交未通过校验，请刷新页面后重试。", code="honeypot")
        if self.captcha_enabled and not captcha_answer_is_valid(
            self.data.get("captcha_token", ""), self.data.get("captcha_answer", "")
        ):
            self.add_error("captcha_answer", "验证码不正确或已过期，请重新计算。")
        return cleaned

    def refresh_captcha(self) -> None:
        """Call before re-rendering an invalid bound form so the old answer cannot be replayed."""
        if self.captcha_enabled and getattr(self, "_fresh_captcha", None):
            question, token = self._fresh_captcha
            self.data["captcha_token"] = token
            self.data["captcha_answer"] = ""
            self.fields["captcha_answer"].label = f"验证码：{question}"


def _client_key(group: str, request: HttpRequest) -> str:
    return client_ip(request)


def _usage(request: HttpRequest, group: str, rate, *, increment: bool) -> dict | None:
    return get_usage(
        request, group=group, key=_client_key, rate=rate, method="POST", increment=increment
    )


def _limit_message(seconds_left: int) -> str:
    minutes = max(1, -(-seconds_left // 60))
    at = timezone.localtime(timezone.now() + timedelta(seconds=seconds_left))
    return (
        f"您提交过于频繁，本次提交未被受理。请在{minutes}分钟后（{at:%H:%M}以后）再试；"
        "您填写的内容已保留在下方。"
    )


def rate_limit(group: str, rate: str | Callable) -> Callable:
    """Per-IP limit on successful POSTs to a public form view (django-ratelimit, shared cache).

    Only a submission that succeeded (the view redirects, as every form does after storing) is
    counted, so typing mistakes and outages never use the allowance up. Over the limit, the view
    still runs: the form (AntiAbuseFormMixin) refuses with a Chinese message saying when to try
    again and the page comes back with everything typed, answered 429 with Retry-After. Should a
    view's form not carry the mixin, whatever it stored over the limit is rolled back.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "POST":
                return view(request, *args, **kwargs)
            usage = _usage(request, group, rate, increment=False)
            if usage is None or usage["count"] < usage["limit"]:
                response = view(request, *args, **kwargs)
                if response.status_code in SUCCESS_STATUSES:
                    _usage(request, group, rate, increment=True)
                return response
            return _over_limit(view, request, args, kwargs, usage["time_left"])

        return wrapped

    return decorator


class _UnguardedSuccess(Exception):
    """A view stored a submission although the limit was reached: undo it."""


def _over_limit(view, request, args, kwargs, seconds_left: int) -> HttpResponse:
    message = _limit_message(seconds_left)
    token = _limit_hit.set(message)
    try:
        with transaction.atomic():
            response = view(request, *args, **kwargs)
            if response.status_code in SUCCESS_STATUSES:
                raise _UnguardedSuccess
    except _UnguardedSuccess:
        response = render(request, "portal/rate_limited.html", {"retry_hint": message})
    finally:
        _limit_hit.reset(token)
    response.status_code = 429
    response["Retry-After"] = str(max(1, seconds_left))
    return response
