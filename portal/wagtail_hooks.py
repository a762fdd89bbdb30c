"""Admin wiring of the portal core: second-factor pages, 登录锁定 and 安全审计 (superusers)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from portal import limits, lockout, twofactor

twofactor_patterns = [
    path("setup/", twofactor.setup, name="setup"),
    path("verify/", twofactor.verify, name="verify"),
    path("", twofactor.account, name="account"),
]
security_patterns = [
    path("lockouts/", lockout.lockout_list, name="lockouts"),
    path("lockouts/<int:pk>/release/", lockout.lockout_release, name="release"),
    path("audit/", lockout.audit_list, name="audit"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("2fa/", include((twofactor_patterns, "portal_2fa"))),
        path("security/", include((security_patterns, "portal_security"))),
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_menu_item")
def register_security_menu():
    items = [
        SuperuserMenuItem("登录锁定", reverse("portal_security:lockouts"), icon_name="lock"),
        SuperuserMenuItem("安全审计", reverse("portal_security:audit"), icon_name="list-ul"),
    ]

    class SecurityMenuItem(SubmenuMenuItem):
        def is_shown(self, request):
            return request.user.is_superuser

    return SecurityMenuItem("安全", Menu(items=items), icon_name="lock", order=9000)


@hooks.register("register_account_menu_item")
def register_second_factor_account_item(request):
    return {
        "url": reverse("portal_2fa:account"),
        "label": "双因素认证",
        "help_text": "查看身份验证器，重新生成恢复码。",
    }


hooks.register("before_serve_page", limits.serve_args_in_range)
