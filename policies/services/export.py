"""XLSX/CSV export of the policy library through the same resources the import reads.

Documents come first, then interpretations (with `interpretation_of`), so an exported file
imports back as it is.
"""

import tablib

from policies.models import InterpretationPage, PolicyDocumentPage
from policies.resources import COLUMNS, InterpretationResource, PolicyDocumentResource

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def policy_export_dataset() -> tablib.Dataset:
    """Every live document and interpretation, in tree order, as rows of the documented columns."""
    documents = PolicyDocumentPage.objects.live().prefetch_related("authorities").order_by("path")
    interpretations = (
        InterpretationPage.objects.live().prefetch_related("documents").order_by("path")
    )
    dataset = tablib.Dataset(headers=list(COLUMNS))
    for part in (
        PolicyDocumentResource().export(documents),
        InterpretationResource().export(interpretations),
    ):
        for row in part.dict:
            dataset.append([row.get(column, "") for column in COLUMNS])
    return dataset


def policy_export(*, file_format: str) -> bytes:
    """The export file's bytes; CSV with a BOM so Excel opens the Chinese text correctly."""
    if file_format not in FORMATS:
        raise ValueError(f"不支持的导出格式：{file_format}（支持 csv、xlsx）")
    dataset = policy_export_dataset()
    if file_format == "csv":
        return ("\ufeff" + dataset.export("csv")).encode("utf-8")
    return dataset.export("xlsx")
