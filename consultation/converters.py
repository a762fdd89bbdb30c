"""URL ids bounded to 18 digits: a longer number cannot name a row, and SQLite would overflow
on it (a 500) instead of answering 404."""

from django.urls import register_converter


class RowIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowIdConverter, "consultation_id")
