"""政府信息公开目录: one list of every public item of the 法定主动公开内容 columns.

条例第二十三条 asks for a 政府信息公开目录 with, for each item, 索引号, 名称, 内容概述, 生成日期 and
公开方式. The catalogue is a registry, like `search.registry`: cms owns the list, the page and the
download, and imports no capability.

- Pages join by themselves. Every live public page inside a column under 法定主动公开内容 is an
  item; its fields are read by name where its model has them: `index_number` (索引号), `summary`
  or `search_description` (内容概述), `written_date`, `publish_date` (生成日期, else the day it was
  first published).
- Anything else (权责清单 items, 办税指南, 任务清单 rows, which are not pages) joins with
  `register(source)`: an object with `columns()` and `entries(query)` (see `CatalogueSource`).

Entries come back newest first. A source's `entries` is a lazy sequence whose `len()` and slices
are cheap (a queryset underneath), so the page and the download never load everything at once.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.db.models import CharField, DateField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, ExtractYear, TruncDate
from wagtail.models import Page

DEFAULT_METHOD = "主动公开（政府网站）"
"""公开方式 of an item published on this site, unless its source says otherwise."""

SUMMARY_FIELDS = ("summary", "search_description")
DATE_FIELDS = ("written_date", "publish_date")


@dataclass(frozen=True)
class CatalogueEntry:
    index_number: str  # 索引号, "" when the item has none
    title: str  # 名称
    summary: str  # 内容概述
    created_on: date | None  # 生成日期
    method: str  # 公开方式
    url: str
    column: str  # the column's name, e.g. 政策文件


@dataclass(frozen=True)
class CatalogueQuery:
    column: str = ""  # a column key from `columns()`; "" = every column
    year: int | None = None  # year of 生成日期
    q: str = ""  # words in 名称, 索引号 or 内容概述


class CatalogueSource(Protocol):
    def columns(self) -> list[tuple[str, str]]:
        """(key, name) of the columns this source fills, in the order visitors expect."""

    def entries(self, query: CatalogueQuery) -> Sequence[CatalogueEntry]:
        """Matching entries, newest 生成日期 first; must support len() and slicing."""

    # Optional: `years() -> set[int]`, the years of 生成日期 present, for the year filter.


_sources: list[CatalogueSource] = []


def register(source: CatalogueSource) -> None:
    """Add a source of catalogue entries (once; registering the same object again is a no-op)."""
    if source not in _sources:
        _sources.append(source)


def sources() -> list[CatalogueSource]:
    return [PAGE_SOURCE, *_sources]


def columns() -> list[tuple[str, str]]:
    """Every column with catalogue entries, page columns first, each key once."""
    seen: dict[str, str] = {}
    for source in sources():
        for key, name in source.columns():
            seen.setdefault(key, name)
    return list(seen.items())


def entries(query: CatalogueQuery) -> Sequence[CatalogueEntry]:
    """The catalogue for a query, newest first, merged across sources lazily."""
    parts = [source.entries(query) for source in sources()]
    parts = [part for part in parts if part is not None]
    return parts[0] if len(parts) == 1 else MergedEntries(parts)


class MergedEntries(Sequence):
    """Several newest-first sequences read as one: a slice [a:b] reads at most b from each."""

    def __init__(self, parts: list[Sequence[CatalogueEntry]]) -> None:
        self.parts = parts

    def __len__(self) -> int:
        return sum(len(part) for part in self.parts)

    def count(self, value=None) -> int:  # Django's Paginator calls count() when it exists
        return len(self)

    def __iter__(self) -> Iterator[CatalogueEntry]:
        return heapq.merge(*(iter(part) for part in self.parts), key=_sort_key)

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            heads = [part[:stop] for part in self.parts]
            merged = list(heapq.merge(*heads, key=_sort_key))
            return merged[start:stop:step]
        if index < 0:
            index += len(self)
        return self[index : index + 1][0]


def _sort_key(entry: CatalogueEntry) -> tuple:
    # Newest first; undated items last. heapq.merge wants ascending keys.
    created = entry.created_on or date.min
    return (-created.toordinal(), entry.title)


class _PageEntries(Sequence):
    """A union of per-model page querysets, ordered by 生成日期, read a slice at a time."""

    def __init__(self, rows: QuerySet | None, to_entries: Callable[[list[dict]], list]) -> None:
        self.rows = rows
        self.to_entries = to_entries

    def __len__(self) -> int:
        return 0 if self.rows is None else self.rows.count()

    def count(self, value=None) -> int:
        return len(self)

    def __iter__(self) -> Iterator[CatalogueEntry]:
        if self.rows is None:
            return
        chunk = 500
        offset = 0
        while True:
            batch = self[offset : offset + chunk]
            yield from batch
            if len(batch) < chunk:
                return
            offset += chunk

    def __getitem__(self, index):
        if self.rows is None:
            return [] if isinstance(index, slice) else self._missing(index)
        if isinstance(index, slice):
            return self.to_entries(list(self.rows[index]))
        return self.to_entries(list(self.rows[index : index + 1]))[0]

    @staticmethod
    def _missing(index):
        raise IndexError(index)


class PageSource:
    """Live public pages inside the columns under 法定主动公开内容 (StatutoryContentIndexPage)."""

    def _root(self) -> Page | None:
        from cms.models import StatutoryContentIndexPage

        return StatutoryContentIndexPage.objects.live().first()

    def _column_pages(self, root: Page) -> list[Page]:
        return list(root.get_children().live().public())

    def columns(self) -> list[tuple[str, str]]:
        root = self._root()
        if root is None:
            return []
        return [(column.slug, column.title) for column in self._column_pages(root)]

    def entries(self, query: CatalogueQuery) -> Sequence[CatalogueEntry]:
        root = self._root()
        if root is None:
            return _PageEntries(None, list)
        columns = {column.path: column for column in self._column_pages(root)}
        scope = [
            column for column in columns.values() if not query.column or column.slug == query.column
        ]
        if not scope:
            return _PageEntries(None, list)
        rows = None
        for model in self._item_models(root):
            queryset = self._rows(model, scope, query)
            rows = queryset if rows is None else rows.union(queryset, all=True)
        if rows is None:
            return _PageEntries(None, list)
        rows = rows.order_by("-catalogue_date", "-pk")
        return _PageEntries(rows, lambda found: self._to_entries(found, columns, root.depth + 1))

    def _item_models(self, root: Page) -> list[type[Page]]:
        """The specific models of the pages below the columns, whatever app they come from."""
        from django.contrib.contenttypes.models import ContentType

        type_ids = (
            Page.objects.live()
            .public()
            .descendant_of(root)
            .filter(depth__gt=root.depth + 1)
            .order_by()
            .values_list("content_type", flat=True)
            .distinct()
        )
        models = []
        for content_type in ContentType.objects.filter(pk__in=set(type_ids)):
            model = content_type.model_class()
            if model is not None and issubclass(model, Page):
                models.append(model)
        return sorted(models, key=lambda model: model._meta.label)

    def years(self) -> set[int]:
        root = self._root()
        if root is None:
            return set()
        scope = self._column_pages(root)
        found: set[int] = set()
        for model in self._item_models(root):
            queryset = self._dated(model, scope).annotate(year=ExtractYear("catalogue_date"))
            found.update(
                year for year in queryset.values_list("year", flat=True).distinct() if year
            )
        return found

    def _dated(self, model: type[Page], scope: list[Page]) -> QuerySet:
        fields = {field.name for field in model._meta.get_fields()}
        dates = [name for name in DATE_FIELDS if name in fields]
        date_expr = Coalesce(
            *[F(name) for name in dates],
            TruncDate("first_published_at"),
            output_field=DateField(),
        )
        in_scope = Q(pk__in=[])
        for column in scope:
            in_scope |= Q(path__startswith=column.path, depth__gt=column.depth)
        return model.objects.live().public().filter(in_scope).annotate(catalogue_date=date_expr)

    def _rows(self, model: type[Page], scope: list[Page], query: CatalogueQuery) -> QuerySet:
        fields = {field.name for field in model._meta.get_fields()}
        queryset = self._dated(model, scope)
        if query.year:
            queryset = queryset.filter(catalogue_date__year=query.year)
        words = query.q.strip()
        if words:
            match = Q(title__icontains=words)
            if "index_number" in fields:
                match |= Q(index_number__icontains=words)
            for name in SUMMARY_FIELDS:
                if name in fields:
                    match |= Q(**{f"{name}__icontains": words})
            queryset = queryset.filter(match)
        return (
            queryset.order_by()
            .values("pk", "catalogue_date")
            .annotate(catalogue_kind=Value(model._meta.label, output_field=CharField()))
        )

    def _to_entries(self, rows: list[dict], columns: dict[str, Page], column_depth: int) -> list:
        pages = {
            page.pk: page
            for page in Page.objects.filter(pk__in=[row["pk"] for row in rows]).specific()
        }
        found = []
        for row in rows:
            page = pages.get(row["pk"])
            if page is None:
                continue
            column = columns.get(page.path[: column_depth * Page.steplen])
            summary = ""
            for name in SUMMARY_FIELDS:
                summary = (getattr(page, name, "") or "").strip()
                if summary:
                    break
            found.append(
                CatalogueEntry(
                    index_number=getattr(page, "index_number", "") or "",
                    title=page.title,
                    summary=summary,
                    created_on=row["catalogue_date"],
                    method=DEFAULT_METHOD,
                    url=page.url or "",
                    column=column.title if column else "",
                )
            )
        return found


PAGE_SOURCE = PageSource()


def years() -> list[int]:
    """Years that have entries, newest first, for the year filter (sources may offer `years()`)."""
    found: set[int] = set()
    for source in sources():
        reader = getattr(source, "years", None)
        if reader is not None:
            found.update(reader())
    return sorted(found, reverse=True)
