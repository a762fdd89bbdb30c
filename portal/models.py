"""The portal core's own records: the one outgoing-mail queue."""

from django.db import models

from portal.crypto import EncryptedTextField


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败（将重试）"
    GAVE_UP = "gave_up", "已放弃（超过重试次数）"


class OutboxMessage(models.Model):
    """One e-mail the portal owes somebody, kept from the moment it is owed until it is sent.

    It is written in the transaction of the act that causes it (a filed request, a comment), so a
    mail outage never loses the act or the message. Recipient and body are encrypted at rest (they
    name citizens); values listed as secrets (a 查询码) are blanked out of the body once sent.
    """

    topic = models.CharField("业务", max_length=40, db_index=True)
    reference = models.CharField(
        "关联记录",
        max_length=100,
        blank=True,
        db_index=True,
        help_text="例如 disclosure.request:12",
    )
    to = EncryptedTextField("收件人")
    subject = models.CharField("主题", max_length=200)
    body = EncryptedTextField("正文")
    secrets = EncryptedTextField("待隐去内容", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间", null=True, blank=True, db_index=True)
    last_error = models.CharField("最近错误", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "待发邮件"
        verbose_name_plural = "邮件发送队列"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.subject
