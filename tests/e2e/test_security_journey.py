"""Browser journeys: the admin works under the Content-Security-Policy with the second factor,
enrolment on first login, lockout after wrong passwords, and public pages without violations."""

import re
from base64 import b32decode

from django_otp.oath import TOTP

from portal.models import SecurityEvent


def _violations(page) -> list[str]:
    # The admin's first pages compile templates and load many scripts: allow a loaded machine.
    page.set_default_timeout(60_000)
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: found.append(f"pageerror: {error}"))
    return found


def _code(secret: str) -> str:
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def test_first_login_enrols_and_the_admin_runs_under_csp(
    page, live_site, django_user_model, artifact_path
):
    django_user_model.objects.create_superuser("chief", "chief@example.gov.cn", "Right-Pass-2026")
    violations = _violations(page)

    page.goto("/admin/pages/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "Right-Pass-2026")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/2fa/setup/**")
    assert page.locator("[data-portal-qr] svg").count() == 1
    page.screenshot(path=str(artifact_path("security-enrol.png")), full_page=True)
    secret = page.inner_text("[data-portal-secret]").strip()
    page.fill("input[name=token]", _code(secret))
    page.click("button[type=submit]")
    page.wait_for_selector("[data-portal-recovery-codes]")
    codes = page.locator("[data-portal-recovery-codes] li")
    assert codes.count() == 10
    page.get_by_role("link", name="我已保存，进入后台").click()
    page.wait_for_url("**/admin/pages/")

    # The sidebar is drawn by the admin's JavaScript: it only appears if CSP let the scripts run.
    page.goto("/admin/")
    page.get_by_role("button", name="安全").click()
    page.get_by_role("link", name="安全审计").click()
    page.wait_for_url("**/admin/security/audit/")
    assert "绑定身份验证器" in page.inner_text("main")
    page.goto(f"/admin/pages/{live_site.pk}/edit/")
    page.wait_for_selector("form#page-edit-form")
    page.screenshot(path=str(artifact_path("security-editor-under-csp.png")), full_page=True)
    assert violations == []


def test_wrong_passwords_lock_the_login_in_the_browser(page, live_site, django_user_model):
    django_user_model.objects.create_superuser("chief", "chief@example.gov.cn", "Right-Pass-2026")
    for _ in range(5):
        page.goto("/admin/login/")
        page.fill("input[name=username]", "chief")
        page.fill("input[name=password]", "wrong-password")
        page.click("button[type=submit]")
    page.goto("/admin/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "Right-Pass-2026")
    page.click("button[type=submit]")
    assert "登录已被锁定" in page.inner_text("body")
    assert SecurityEvent.objects.filter(kind="locked_out").exists()


def test_public_pages_and_search_script_run_without_violations(page, live_site):
    violations = _violations(page)
    page.goto("/")
    page.goto("/search/?q=增值税")
    page.goto("/disclosure/apply/")
    assert page.locator("form").count() >= 1
    response = page.request.get("/")
    policy = response.headers["content-security-policy"]
    assert re.search(r"script-src 'self'(;|$)", policy)
    assert violations == []
