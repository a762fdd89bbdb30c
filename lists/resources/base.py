"""Shared behaviour of the list spreadsheets.

- Columns have Chinese headers; `required_columns` must all be present.
- A `删除` column set to 是 deletes the row's record (shown as 删除 in the preview).
- Rows whose exported form would not change are skipped, so re-importing an export changes
  nothing and the preview shows only real creations, changes and deletions.
- Child rows and ordered relations (材料, 流程, 牵头单位…) are parsed in `parse_related`, kept on
  the instance until it is saved, then written by `save_related`.
- The same identifier twice in one file is an error on the later row.
- Records are written through `lists.services` where a rule applies (power items, tasks, units).
"""

from django.core.exceptions import ValidationError
from import_export import resources

from portal.spreadsheets.imports import DELETE_COLUMN, KeyedRows

REASON_COLUMN = "调整原因"
# Columns that steer an import rather than hold the list's data.
STEERING_COLUMNS = (DELETE_COLUMN, REASON_COLUMN)


class ListResource(KeyedRows, resources.ModelResource):
    required_columns: list[str] = []
    # Column whose value identifies a record (for duplicate detection and messages).
    key_columns: list[str] = []
    # The rows the public may download: published entries only (条例第十七条).
    published_filter: dict = {}

    class Meta:
        abstract = True

    # --- related rows ------------------------------------------------------------------------
    def parse_related(self, instance, row) -> dict[str, str]:
        """Parse child cells onto the instance; return {attribute: message} for bad cells."""
        return {}

    def save_related(self, instance) -> None:
        """Write what parse_related kept, after the instance has a primary key."""

    def import_instance(self, instance, row, **kwargs) -> None:
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for attribute, message in self.parse_related(instance, row).items():
            errors.setdefault(attribute, []).append(ValidationError(message))
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        if import_validation_errors or original is None or original.pk is None:
            return False
        return self.export_resource(original) == self.export_resource(instance)

    def after_save_instance(self, instance, row, **kwargs) -> None:
        self.save_related(instance)


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace("\r", "").split("\n") if line.strip()]


def split_parts(line: str) -> list[str]:
    """Child rows in one cell use ｜ (or |) between parts: 名称｜原件｜1｜必要."""
    return [part.strip() for part in line.replace("|", "｜").split("｜")]
