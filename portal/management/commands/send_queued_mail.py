"""Retry queued e-mail whose pause is over; run from cron every few minutes."""

from django.core.management.base import BaseCommand

from portal.mail import mail_counts, mail_retry_due


class Command(BaseCommand):
    help = "重发邮件队列中到期的待发或发送失败邮件。"

    def handle(self, *args, **options) -> None:
        sent, failed = mail_retry_due()
        counts = mail_counts()
        self.stdout.write(
            f"已发送 {sent} 封，仍失败 {failed} 封；队列中待发 {counts['pending']}、"
            f"待重试 {counts['failed']}、已放弃 {counts['gave_up']} 封。"
        )
