"""`python manage.py import_list {power|guides|tasks|units} FILE [--dry-run]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lists.importing import import_list, read_list_file
from lists.resources import LABELS, RESOURCES
from portal.spreadsheets.imports import ImportFileError


class Command(BaseCommand):
    help = (
        "从 XLSX 或 CSV 文件导入权责清单、办税指南、任务清单或机构职能"
        "（有错误的文件不导入任何数据）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(RESOURCES), help="清单类型")
        parser.add_argument("file", help=".xlsx 或 .csv 文件")
        parser.add_argument("--dry-run", action="store_true", help="只预览，不保存")

    def handle(self, *args, kind: str, file: str, dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            rows = read_list_file(path.read_bytes(), path.name)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        report = import_list(kind=kind, rows=rows, dry_run=dry_run)
        for change in report.changes:
            columns = f"（{'、'.join(change.changed_columns)}）" if change.changed_columns else ""
            self.stdout.write(f"第 {change.row} 行：{change.action} {change.label}{columns}")
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
        if dry_run:
            self.stdout.write(f"这是预览，{LABELS[kind]}未被修改；去掉 --dry-run 以正式导入。")
