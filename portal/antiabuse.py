"""Self-hosted protection for public forms (reCAPTCHA is unreachable in mainland China).

One mechanism shared by every public form (依申请公开, 征求意见):
- a honeypot field that people never see and bots fill in;
- an arithmetic captcha whose answer travels signed in the form (switch off with
  PORTAL_CAPTCHA_ENABLED=false for tests and the demo). Each question carries a random nonce and
  a solved one is remembered in the shared cache until it would expire anyway, so one solved
  captcha files one form, never two. Self-hosted on purpose: no image fonts, no JavaScript
  widget, nothing a screen reader cannot follow (django-simple-captcha draws distorted images;
  ALTCHA needs script in the browser);
- a per-IP rate limit (django-ratelimit on the shared cache) that stays on everywhere.
"""

import hashlib
import secrets
import time
from collections.abc import Callable
from functools import wraps

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

CAPTCHA_SALT = "portal.antiabuse.captcha"
CAPTCHA_USED_PREFIX = "portal:captcha-used:"
CAPTCHA_MAX_AGE_SECONDS = 30 * 60
HONEYPOT_FIELD = "website"


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


def rate_limit(group: str, rate: str) -> Callable:
    """Per-IP limit on POSTs to a public form view; over the limit answers 429 in Chinese."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST" and is_ratelimited(
                request, group=group, key="ip", rate=rate, method="POST", increment=True
            ):
                return render(
                    request,
                    "portal/rate_limited.html",
                    {"retry_hint": "您提交过于频繁，请稍后再试。"},
                    status=429,
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
