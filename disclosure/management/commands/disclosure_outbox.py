"""Retry disclosure emails that could not be sent (run from cron, e.g. every 10 minutes)."""

from django.core.management.base import BaseCommand

from disclosure.mail import email_retry_pending


class Command(BaseCommand):
    help = "重试发送依申请公开的待发邮件。"

    def handle(self, *args, **options):
        sent, failed = email_retry_pending()
        self.stdout.write(f"已发送 {sent} 封，仍失败 {failed} 封。")
