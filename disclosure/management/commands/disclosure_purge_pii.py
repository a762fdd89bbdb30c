"""Erase personal data of requests closed longer than DISCLOSURE_PII_RETENTION_DAYS (daily cron)."""

from django.core.management.base import BaseCommand

from disclosure.services import requests_purge_pii


class Command(BaseCommand):
    help = "清除超过保存期限的已办结申请的个人信息（统计数据保留）。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="保存期限（天），默认取配置")

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            self.stderr.write("保存期限不能为负数。")
            return
        count = requests_purge_pii(retention_days=days)
        self.stdout.write(f"已清除 {count} 件申请的个人信息。")
