"""Content-Security-Policy on every response, and no inline script in any template."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = ("script-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'self'")


def _policy(response) -> str:
    return response.headers.get("Content-Security-Policy", "")


@pytest.mark.parametrize(
    "url",
    ["/", "/search/?q=增值税", "/api/policies/", "/no-such-page/", "/healthz"],
)
def test_every_response_carries_the_policy(client, site_tree, url):
    policy = _policy(client.get(url))
    for directive in REQUIRED:
        assert directive in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def test_the_admin_keeps_every_directive_but_allows_wagtails_inline_scripts(
    admin_client, site_tree
):
    """Wagtail's date pickers and inline panels are inline scripts without a nonce."""
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = _policy(response)
    for directive in ("object-src 'none'", "base-uri 'self'", "frame-ancestors 'self'"):
        assert directive in policy
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "unsafe-eval" not in policy


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")")
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
JS_URL = re.compile(r"href=[\"']\s*javascript:", re.IGNORECASE)


def test_no_template_of_the_portal_has_inline_script():
    offenders = []
    for template in ROOT.glob("*/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, JS_URL):
            if pattern.search(text):
                offenders.append(f"{template.relative_to(ROOT)}: {pattern.pattern}")
    assert offenders == []
