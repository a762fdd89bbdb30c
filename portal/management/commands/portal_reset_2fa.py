"""Lost phone and recovery codes: remove a staff user's second-factor devices (audited)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.twofactor import second_factor_reset


class Command(BaseCommand):
    help = "重置指定用户的双因素认证（删除其身份验证器与恢复码），下次登录时重新绑定。"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在。")
        second_factor_reset(user=user, by="manage.py portal_reset_2fa")
        self.stdout.write(self.style.SUCCESS(f"已重置 {username} 的双因素认证。"))
