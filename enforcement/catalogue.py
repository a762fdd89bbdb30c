"""The 第二十条 rows in the 政府信息公开目录 (cms.catalogue): one entry per published row in its
公示期限, with its 索引号, under the column it is listed in."""

from collections.abc import Iterator, Sequence

from django.db.models import F, Q
from django.utils import timezone

from cms.catalogue import CatalogueEntry, CatalogueQuery, register
from enforcement.rules import KIND_LABELS

SUMMARY_LENGTH = 120


class _Rows(Sequence):
    """A queryset read a slice at a time and turned into entries."""

    def __init__(self, queryset, to_entry) -> None:
        self.queryset = queryset
        self.to_entry = to_entry

    def __len__(self) -> int:
        return 0 if self.queryset is None else self.queryset.count()

    def count(self, value=None) -> int:
        return len(self)

    def __iter__(self) -> Iterator[CatalogueEntry]:
        if self.queryset is not None:
            for row in self.queryset.iterator(chunk_size=500):
                yield self.to_entry(row)

    def __getitem__(self, index):
        if self.queryset is None:
            if isinstance(index, slice):
                return []
            raise IndexError(index)
        if isinstance(index, slice):
            return [self.to_entry(row) for row in self.queryset[index]]
        return self.to_entry(self.queryset[index])


def _column(model) -> tuple[str, str, str] | None:
    """(slug, title, url) of the live column page, None without one."""
    column = model.objects.live().public().first()
    return (column.slug, column.title, column.url or "") if column else None


def _short(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


class DecisionSource:
    def _column(self):
        from enforcement.models import EnforcementIndexPage

        return _column(EnforcementIndexPage)

    def columns(self) -> list[tuple[str, str]]:
        column = self._column()
        return [column[:2]] if column else []

    def _rows(self, query: CatalogueQuery):
        from enforcement.selectors import public_decisions

        column = self._column()
        if column is None or (query.column and query.column != column[0]):
            return None
        rows = public_decisions()
        if query.year:
            rows = rows.filter(decided_on__year=query.year)
        words = query.q.strip()
        if words:
            rows = rows.filter(
                Q(index_number__icontains=words)
                | Q(document_number__icontains=words)
                | Q(matter__icontains=words)
            )
        return rows.order_by("-decided_on", "-pk")

    def entries(self, query: CatalogueQuery) -> Sequence[CatalogueEntry]:
        column = self._column()

        def entry(row) -> CatalogueEntry:
            return CatalogueEntry(
                index_number=row.index_number,
                title=f"{KIND_LABELS.get(row.kind, '')}决定 {row.document_number}",
                summary=_short(f"{row.public_party}：{row.matter}。{row.content}"),
                created_on=row.decided_on,
                method="主动公开（政府网站）",
                url=f"{column[2]}{row.pk}/",
                column=column[1],
            )

        return _Rows(self._rows(query), entry)

    def years(self) -> set[int]:
        from enforcement.selectors import public_decisions

        if self._column() is None:
            return set()
        return {day.year for day in public_decisions().dates("decided_on", "year")}


class FeeSource:
    def _column(self):
        from enforcement.models import FeeIndexPage

        return _column(FeeIndexPage)

    def columns(self) -> list[tuple[str, str]]:
        column = self._column()
        return [column[:2]] if column else []

    def entries(self, query: CatalogueQuery) -> Sequence[CatalogueEntry]:
        from enforcement.selectors import public_fees

        column = self._column()
        if column is None or (query.column and query.column != column[0]):
            return _Rows(None, None)
        rows = public_fees()
        if query.year:
            rows = rows.filter(first_published_at__year=query.year)
        words = query.q.strip()
        if words:
            rows = rows.filter(
                Q(index_number__icontains=words)
                | Q(name__icontains=words)
                | Q(basis__icontains=words)
            )

        def entry(row) -> CatalogueEntry:
            # 生成日期: the day the item was first published (its 年度 is in the title).
            published = row.first_published_at
            return CatalogueEntry(
                index_number=row.index_number,
                title=f"{row.year}年 {row.name}",
                summary=_short(f"依据：{row.basis}。收费标准：{row.standard}"),
                created_on=timezone.localdate(published) if published else None,
                method="主动公开（政府网站）",
                url=f"{column[2]}{row.pk}/",
                column=column[1],
            )

        return _Rows(rows.order_by(F("first_published_at").desc(nulls_last=True), "name"), entry)

    def years(self) -> set[int]:
        from enforcement.selectors import public_fees

        if self._column() is None:
            return set()
        return {
            timezone.localdate(moment).year
            for moment in public_fees().values_list("first_published_at", flat=True)
            if moment
        }


register(DecisionSource())
register(FeeSource())
