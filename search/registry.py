"""How content types join the one search index.

Each capability registers its models once (in its AppConfig.ready or a `search.py` module):

    register(PolicyDocumentPage, to_document=policy_to_document, content_type="policy")

`to_document` turns one live, public instance into an `IndexDocument` (or None to keep it out).
Page models are indexed on Wagtail publish/unpublish/move/delete; other models on save/delete,
once the transaction commits (a rolled-back write never reaches the index).
Both backends index the same `IndexDocument`s, so results agree.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import models


@dataclass
class IndexDocument:
    key: str  # "<app_label>.<model>:<pk>", unique across the index
    content_type: str  # "policy", "interpretation", "power_item", "service_guide", "task", ...
    title: str
    body: str  # plain text, no markup
    url: str
    doc_number: str = ""  # canonical 发文字号, e.g. 税总发〔2014〕59号
    authorities: list[str] = field(default_factory=list)  # 发文机关 names
    publish_date: date | None = None
    validity: str = ""  # 全文有效, 部分失效, ...
    topics: list[str] = field(default_factory=list)  # 主题分类 labels

    @property
    def year(self) -> int | None:
        return self.publish_date.year if self.publish_date else None


@dataclass
class Registration:
    model: type[models.Model]
    content_type: str
    label: str  # shown in facets, e.g. 政策文件
    to_document: Callable[[models.Model], IndexDocument | None]
    queryset: Callable[[], Iterable[models.Model]]


_registry: dict[type[models.Model], Registration] = {}


def register(
    model: type[models.Model],
    *,
    content_type: str,
    label: str,
    to_document: Callable[[models.Model], IndexDocument | None],
    queryset: Callable[[], Iterable[models.Model]] | None = None,
) -> None:
    """Add a model to the index; `queryset` yields every instance that should be searchable."""
    _registry[model] = Registration(
        model=model,
        content_type=content_type,
        label=label,
        to_document=to_document,
        queryset=queryset or (lambda: model._default_manager.all()),
    )


def registrations() -> list[Registration]:
    return list(_registry.values())


def registration_for(model: type[models.Model]) -> Registration | None:
    for klass in model.__mro__:
        if klass in _registry:
            return _registry[klass]
    return None


def content_type_labels() -> dict[str, str]:
    return {r.content_type: r.label for r in _registry.values()}


def document_key(instance: models.Model) -> str:
    return f"{instance._meta.label_lower}:{instance.pk}"


DocNumberReader = Callable[[str], str]
_doc_number_readers: list[DocNumberReader] = []


def register_doc_number_reader(reader: DocNumberReader) -> None:
    """Let the app that owns 发文字号 rules tell the search which queries are document numbers.

    `reader(text)` returns the canonical number (or a partial 〔年〕号 form) or "" when the text is
    not one; search stays ignorant of the rules themselves, so it sits below the policy library.
    """
    if reader not in _doc_number_readers:
        _doc_number_readers.append(reader)


def read_doc_number(text: str) -> str:
    """The first registered reader's answer for `text`, or "" when none recognises it."""
    for reader in _doc_number_readers:
        number = reader(text)
        if number:
            return number
    return ""
