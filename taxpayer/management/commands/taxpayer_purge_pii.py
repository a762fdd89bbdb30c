"""Daily: erase the contacts of 诉求, 首问 matters and appointments closed longer than
TAXPAYER_PII_RETENTION_DAYS; the ledger lines and statistics stay."""

from django.core.management.base import BaseCommand

from taxpayer.privacy import retention_days
from taxpayer.services.appointments import appointments_purge_pii
from taxpayer.services.matters import matters_purge_pii


class Command(BaseCommand):
    help = "清除办结满保存期限的纳税人诉求、首问事项和办税预约中的个人信息。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="保存期限（天），默认取设置")

    def handle(self, *args, **options):
        days = options["days"] if options["days"] is not None else retention_days()
        matters = matters_purge_pii(retention_days=days)
        appointments = appointments_purge_pii(retention_days=days)
        self.stdout.write(
            f"已清除 {matters} 件诉求和首问事项、{appointments} 个预约的个人信息"
            f"（保存期限{days}天）。"
        )
