"""`manage.py annual_report YEAR [--format json|xlsx] [--output FILE]`: the year's tables now."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from annual_report.checks import article20_warnings, check_figures
from annual_report.grids import appeals_grid, applications_grid, proactive_grid
from annual_report.selectors import current_figures
from annual_report.xlsx import report_workbook


def labelled_rows(grid) -> list[dict]:
    """Body rows as {"label": joined row headings, "values": [numbers]} for readers of the JSON."""
    rows = []
    for row in grid.body:
        labels = [cell.text for cell in row if cell.header]
        values = [cell.text for cell in row if not cell.header]
        if values:
            rows.append({"label": "·".join(labels), "values": values})
    return rows


class Command(BaseCommand):
    help = "计算并输出某一年度政府信息公开工作年度报告的统计表（表二、表三、表四）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("year", type=int, help="报告年度，例如 2025")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", help="输出文件路径；省略时 JSON 打印到标准输出")

    def handle(self, *args, year: int, format: str, output: str | None, **options) -> None:
        if not 2008 <= year <= timezone.localdate().year:
            raise CommandError(f"年度 {year} 无效：应在 2008 年至今年之间。")
        if format == "xlsx" and not output:
            raise CommandError("输出 Excel 文件时请用 --output 指定文件路径。")
        figures = current_figures(year)
        if format == "xlsx":
            self._write(Path(output), report_workbook(figures))
            self.stdout.write(f"已写入 {output}")
            return
        document = {
            **figures,
            "checks": [failure.message for failure in check_figures(figures)],
            "warnings": article20_warnings(figures),
            "tables": {
                "二": labelled_rows(proactive_grid(figures)),
                "三": labelled_rows(applications_grid(figures)),
                "四": labelled_rows(appeals_grid(figures)),
            },
        }
        text = json.dumps(document, ensure_ascii=False, indent=2)
        if output:
            self._write(Path(output), text.encode("utf-8"))
            self.stdout.write(f"已写入 {output}")
        else:
            self.stdout.write(text)

    def _write(self, path: Path, data: bytes) -> None:
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(f"无法写入 {path}：{error.strerror}") from error
