"""Daily: warn the people responsible for each clock about to run out or already overdue, send
the 纳税服务部门 the whole digest, and record yesterday's missed appointments as 主动放弃."""

from collections import defaultdict

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from taxpayer import selectors
from taxpayer.services.appointments import appointments_abandon_past
from taxpayer.services.common import cn_date, notify


def _line(warning: selectors.Warning) -> str:
    state = "已超期" if warning.overdue else "即将到期"
    return (
        f"【{state}】{warning.title} {warning.number}：“{warning.step}”环节期限"
        f"{cn_date(warning.due_on)}，责任人：{warning.responsible}"
    )


class Command(BaseCommand):
    help = "纳税服务每日提醒：期限预警摘要邮件（注明环节和责任人）；逾期未到的预约记为主动放弃。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出预警，不发邮件、不改数据")

    def handle(self, *args, **options):
        today = timezone.localdate()
        warnings = selectors.matter_warnings(today) + selectors.rating_warnings(today)
        for warning in warnings:
            self.stdout.write(_line(warning))
        if options["dry_run"]:
            self.stdout.write(f"共 {len(warnings)} 条预警（未发送）。")
            return
        with transaction.atomic():
            abandoned = appointments_abandon_past()
            sent = self._send(warnings, today)
        self.stdout.write(
            f"共 {len(warnings)} 条预警，已排队 {sent} 封邮件；"
            f"{abandoned} 个逾期未到的预约记为主动放弃。"
        )

    def _send(self, warnings, today) -> int:
        by_person: dict[str, list[str]] = defaultdict(list)
        for warning in warnings:
            for email in warning.emails:
                by_person[email].append(_line(warning))
        service = selectors.service_unit()
        if warnings and service is not None and service.email:
            by_person[service.email] = [_line(warning) for warning in warnings]
        for email, lines in by_person.items():
            notify(
                topic="taxpayer.digest",
                to=email,
                subject=f"期限预警摘要（{len(lines)}件）",
                greeting="您好",
                body="以下事项的办理期限即将届满或已经超期，请及时办理：\n\n" + "\n".join(lines),
                reference=f"digest-{today:%Y%m%d}",
            )
        return len(by_person)
