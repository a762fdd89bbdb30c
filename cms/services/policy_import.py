"""Bulk import of policy documents from CSV, XLSX or JSONL: validate every row, then all or nothing.

Documented fields: title, doc_number, authorities (、 or ; separated), written_date,
publish_date, effective_date (YYYY-MM-DD), level (部门规章/行政规范性文件/其他文件 or
rule/normative/other), validity (全文有效… or its code), topics (主题分类), body (text or HTML),
interpretation_of (发文字号 of the document a row interprets; such rows become 政策解读).
Laws may have no 发文字号.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import tablib
from django.db import transaction

from cms.doc_numbers import DocNumberError, normalize_doc_number
from cms.models.policy import LEVEL_CHOICES, TOPIC_CHOICES, VALIDITY_CHOICES, PolicyDocumentPage


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    errors: list[str] = field(default_factory=list)


def read_rows(path: Path) -> list[dict]:
    """Rows as dicts; JSONL line numbers and spreadsheet row numbers both start at the data."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            rows.append(json.loads(line) if line.strip() else {})
        return rows
    if suffix == ".csv":
        dataset = tablib.Dataset().load(path.read_text(encoding="utf-8-sig"), format="csv")
    elif suffix == ".xlsx":
        dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    else:
        raise ValueError(f"不支持的文件格式：{suffix}（支持 .csv、.xlsx、.jsonl）")
    return [dict(zip(dataset.headers, row, strict=False)) for row in dataset]


def _choice(value: str, choices: list[tuple[str, str]], default: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return default
    for code, label in choices:
        if value in (code, label):
            return code
    return None


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


def validate_row(row: dict, seen_numbers: set[str]) -> tuple[dict | None, list[str]]:
    problems = []
    title = str(row.get("title") or "").strip()
    if not title:
        problems.append("缺少标题（title）")
    number = str(row.get("doc_number") or "").strip()
    if number:
        try:
            number = normalize_doc_number(number)
        except DocNumberError as error:
            problems.append(str(error))
        else:
            if number in seen_numbers:
                problems.append(f"发文字号 {number} 在文件中重复")
            elif PolicyDocumentPage.objects.live().filter(doc_number=number).exists():
                problems.append(f"发文字号 {number} 已存在于政策库")
            seen_numbers.add(number)
    dates = {}
    for key in ("written_date", "publish_date", "effective_date"):
        try:
            dates[key] = _date(row.get(key))
        except ValueError:
            problems.append(f"{key} 日期格式应为 YYYY-MM-DD：{row.get(key)}")
    level = _choice(str(row.get("level") or ""), LEVEL_CHOICES, "other")
    validity = _choice(str(row.get("validity") or ""), VALIDITY_CHOICES, "valid")
    topic = _choice(str(row.get("topics") or ""), TOPIC_CHOICES, "finance/tax")
    for name, value in (("level", level), ("validity", validity), ("topics", topic)):
        if value is None:
            problems.append(f"{name} 的取值无效：{row.get(name)}")
    if problems:
        return None, problems
    authorities = [
        a.strip() for a in str(row.get("authorities") or "").replace(";", "、").split("、")
    ]
    return {
        "title": title[:255],
        "doc_number": number,
        "authorities": [a for a in authorities if a],
        "level": level,
        "validity": validity,
        "topic": topic,
        "body_text": str(row.get("body") or ""),
        "interpretation_of": str(row.get("interpretation_of") or "").strip(),
        **dates,
    }, []


def import_policies(
    path: Path, *, dry_run: bool = False, progress: Callable[[int], None] | None = None
) -> ImportReport:
    from cms.models import InterpretationIndexPage, PolicyIndexPage
    from cms.services.authoring import (
        authorities_by_name,
        interpretation_create,
        policy_document_create,
    )

    report = ImportReport()
    rows = read_rows(path)
    report.rows = len(rows)
    cleaned, seen = [], set()
    for line, row in enumerate(rows, start=2 if path.suffix.lower() != ".jsonl" else 1):
        data, problems = validate_row(row, seen)
        report.errors.extend(f"第 {line} 行：{p}" for p in problems)
        cleaned.append(data)
    if report.errors or dry_run:
        return report
    column, interpretations = PolicyIndexPage.objects.get(), InterpretationIndexPage.objects.get()
    with transaction.atomic():
        for data in cleaned:
            target = data.pop("interpretation_of")
            if target:
                document = PolicyDocumentPage.objects.get(doc_number=normalize_doc_number(target))
                interpretation_create(
                    parent=interpretations,
                    title=data["title"],
                    documents=[document],
                    body_text=data["body_text"],
                    publish=True,
                )
            else:
                topic = data.pop("topic")
                authorities = authorities_by_name(data.pop("authorities"))
                page = policy_document_create(parent=column, authorities=authorities, **data)
                if topic != page.topic:
                    PolicyDocumentPage.objects.filter(pk=page.pk).update(topic=topic)
            report.created += 1
            if progress:
                progress(1)
    return report
