"""Retry e-mails about consultation comments that failed or were never sent (run from cron)."""

from django.core.management.base import BaseCommand

from consultation.models import CommentNotification
from consultation.services import MAX_NOTIFICATION_ATTEMPTS, notifications_send


class Command(BaseCommand):
    help = "重发征求意见相关的待发送或发送失败的邮件通知。"

    def handle(self, *args, **options):
        sent, failed = notifications_send()
        given_up = CommentNotification.objects.filter(
            status="failed", attempts__gte=MAX_NOTIFICATION_ATTEMPTS
        ).count()
        self.stdout.write(f"已发送 {sent} 封，失败 {failed} 封，已放弃 {given_up} 封。")
