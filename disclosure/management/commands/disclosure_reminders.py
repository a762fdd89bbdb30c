"""Daily warning email to handlers: requests due soon (rules.DUE_SOON_WORKING_DAYS), overdue
ones (naming the step and person where the time was lost), lapsed correction/consultation/fee
periods, and calendar years not yet entered. Run once a day from cron; the portal's mail queue
sends the messages (`send_queued_mail` retries failures)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from disclosure import rules, selectors
from disclosure.services import MAIL_TOPIC
from portal.mail import mail_queue


class Command(BaseCommand):
    help = "向经办人员发送依申请公开期限预警邮件。"

    def handle(self, *args, **options):
        today = timezone.localdate()
        users = get_user_model().objects.filter(is_active=True).exclude(email="")
        sent = 0
        years = selectors.uncovered_years(today)
        for user in users:
            if not (selectors.user_is_office(user) or selectors.user_can_view_assigned(user)):
                continue
            visible = selectors.requests_visible_to(user)
            overdue = list(selectors.requests_overdue(visible, today).order_by("reply_due_on"))
            soon = list(selectors.requests_due_soon(visible, today).order_by("reply_due_on"))
            lapsed = list(
                selectors.requests_waiting_step_lapsed(today).filter(pk__in=visible.values("pk"))
            )
            if not (overdue or soon or lapsed):
                continue
            lines = [f"{user.get_full_name() or user.get_username()}：", ""]
            if overdue:
                lines.append(f"已超过答复期限（{len(overdue)}件）：")
                for req in overdue:
                    why = selectors.delay_responsibility(req, today)
                    lines.append(f"  {req.number} 期限{req.reply_due_on:%Y-%m-%d}：{why}")
            if soon:
                lines.append(f"{rules.DUE_SOON_WORKING_DAYS}个工作日内到期（{len(soon)}件）：")
                for req in soon:
                    lines.append(f"  {req.number} 期限{req.reply_due_on:%Y-%m-%d}")
            if lapsed:
                lines.append("补正、征求意见或缴费期限已届满，待处理：")
                for req in lapsed:
                    lines.append(f"  {req.number} {req.step_label} 期限{req.step_due_on:%Y-%m-%d}")
            if years and selectors.user_is_office(user):
                lines.append(
                    f"提示：{'、'.join(map(str, years))}年节假日安排尚未录入，相关期限为暂定。"
                )
            with transaction.atomic():
                mail_queue(
                    topic=MAIL_TOPIC,
                    to=user.email,
                    subject=f"【依申请公开】期限预警：超期{len(overdue)}件，即将到期{len(soon)}件",
                    body="\n".join(lines),
                )
            sent += 1
        self.stdout.write(f"已向 {sent} 位经办人员发送预警。")
