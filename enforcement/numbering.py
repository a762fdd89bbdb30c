"""索引号 of the 第二十条 rows: XZCF-2025-00001 (kind prefix, year, five-digit serial).

The prefixes keep these numbers apart from the policy library's (agency code/year-serial), so the
政府信息公开目录 never shows one number twice. A row keeps its number when edited.
"""

from django.db import models

from enforcement.rules import INDEX_PREFIXES


def next_index_number(model: type[models.Model], kind: str, year: int) -> str:
    prefix = f"{INDEX_PREFIXES[kind]}-{year}-"
    taken = set(
        model.objects.filter(index_number__startswith=prefix).values_list("index_number", flat=True)
    )
    serial = len(taken) + 1
    while f"{prefix}{serial:05d}" in taken:
        serial += 1
    return f"{prefix}{serial:05d}"
