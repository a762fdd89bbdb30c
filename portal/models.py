"""The portal core's own records: the one outgoing-mail queue and the staff security audit."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.crypto import EncryptedTextField
from portal.errors import RuleViolation


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


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", "登录成功"
    LOGOUT = "logout", "退出登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED_OUT = "locked_out", "账号或地址被锁定"
    UNLOCKED = "unlocked", "解除锁定"
    SECOND_FACTOR_PASSED = "otp_passed", "通过双因素验证"
    SECOND_FACTOR_FAILED = "otp_failed", "双因素验证失败"
    SECOND_FACTOR_ENROLLED = "otp_enrolled", "绑定身份验证器"
    RECOVERY_CODES_ISSUED = "recovery_codes", "生成恢复码"
    SECOND_FACTOR_RESET = "otp_reset", "重置双因素认证"
    SESSION_EXPIRED = "session_expired", "会话超时退出"


class SecurityEventQuerySet(models.QuerySet):
    def delete(self):
        """Refuse to delete any row younger than the retention period (等保: ≥ 180 days)."""
        from portal.audit import retention_cutoff

        if self.filter(created_at__gt=retention_cutoff()).exists():
            days = settings.PORTAL_AUDIT_RETENTION_DAYS
            raise RuleViolation(f"安全审计记录至少保存 {days} 天，未到期的记录不能删除。")
        return super().delete()


class SecurityEvent(models.Model):
    """One line of the staff security audit: logins, failures, lockouts, second-factor events.

    Rows are never edited; deleting one younger than PORTAL_AUDIT_RETENTION_DAYS is refused by
    the model and its querysets, so no purge path can shorten the legal retention.
    """

    kind = models.CharField("事件", max_length=20, choices=SecurityEventKind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField("客户端地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    path = models.CharField("请求地址", max_length=300, blank=True)
    detail = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = "安全审计记录"
        verbose_name_plural = "安全审计记录"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username}"

    def delete(self, *args, **kwargs):
        return SecurityEvent.objects.filter(pk=self.pk).delete()


class HealthProbe(models.Model):
    """The row /healthz writes (and rolls back) to prove the database accepts writes: a
    read-only or locked database answers SELECT 1 and still loses every form."""

    checked_at = models.DateTimeField("检查时间")

    class Meta:
        verbose_name = "健康检查写入探针"
