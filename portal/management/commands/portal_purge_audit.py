"""Delete security audit rows past their retention; refuses anything younger than it."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.audit import security_events_purge
from portal.errors import RuleViolation


class Command(BaseCommand):
    help = "删除超过保存期限的安全审计记录（保存期限不少于 180 天，更近的记录拒绝删除）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=None,
            help="删除早于该天数的记录；默认即 PORTAL_AUDIT_RETENTION_DAYS",
        )

    def handle(self, *args, older_than_days: int | None, **options):
        days = older_than_days or settings.PORTAL_AUDIT_RETENTION_DAYS
        try:
            deleted = security_events_purge(older_than_days=days)
        except RuleViolation as refusal:
            raise CommandError(refusal.text) from None
        self.stdout.write(f"已删除 {deleted} 条早于 {days} 天的安全审计记录。")
