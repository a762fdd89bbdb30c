"""Back up the database and file trees into one archive (see portal/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import backup_create
from portal.errors import RuleViolation


class Command(BaseCommand):
    help = "备份数据库（含加密字段的密文）与附件目录到一个 .tar.gz 文件。"

    def add_arguments(self, parser):
        parser.add_argument("output", help="备份文件路径，例如 /backup/portal-20260930.tar.gz")

    def handle(self, *args, output: str, **options):
        try:
            manifest = backup_create(output=Path(output))
        except RuleViolation as error:
            raise CommandError(error.text) from None
        self.stdout.write(
            self.style.SUCCESS(f"已备份（{manifest['vendor']}）到 {output}；请与密钥分开保管。")
        )
