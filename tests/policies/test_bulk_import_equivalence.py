"""The bulk import writes exactly what page-by-page add_child + save_revision + publish writes."""

import json
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from policies.models import (
    Citation,
    InterpretationIndexPage,
    InterpretationPage,
    IssuingAuthority,
    PolicyDocumentPage,
    PolicyIndexPage,
    ValidityChange,
)
from policies.services.authoring import (
    authorities_by_name,
    interpretation_create,
    policy_document_create,
)
from search.backends import get_backend
from search.query import PolicySearch

ROWS = [
    {
        "title": "关于全面推行办税事项首问责任制的通知",
        "doc_number": "税总发[2014]59号",
        "authorities": "国家税务总局",
        "written_date": "2014-04-20",
        "publish_date": "2014-04-24",
        "effective_date": "2014-05-01",
        "level": "行政规范性文件",
        "validity": "全文有效",
        "topics": "财政、金融、审计\\税务",
        "body": "一、总体要求\n第一条 全面推行首问责任制。\n依据税总发〔2013〕12号执行。",
    },
    {
        "title": "中华人民共和国个人所得税法 第一条",
        "body": "在中国境内有住所的个人，从中国境内和境外取得的所得，依照本法规定缴纳个人所得税。",
        "validity": "已修改",
        "publish_date": "2018-08-31",
    },
    {
        "title": "联合发文的通知",
        "doc_number": "财税〔2019〕13号",
        "authorities": "财政部、国家税务总局",
        "publish_date": "2019-01-17",
        "level": "rule",
        "validity": "partially_invalid",
        "topics": "finance/fiscal",
        "body": "<h2>一、适用范围</h2><p>第二条 小微企业。</p><p>见<b>税总发〔2014〕59号</b>。</p>",
    },
    {
        "title": "首问责任制解读",
        "interpretation_of": "税总发〔2014〕59号",
        "body": "问：什么是首问责任制？\n答：见税总发〔2014〕59号。",
    },
]

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
LEVEL = {"行政规范性文件": "normative", "rule": "rule"}
VALIDITY = {"全文有效": "valid", "已修改": "amended", "partially_invalid": "partially_invalid"}
TOPIC = {"财政、金融、审计\\税务": "finance/tax", "finance/fiscal": "finance/fiscal"}


class Rollback(Exception):
    pass


@pytest.fixture
def indexed(monkeypatch):
    """Records every document handed to the search backend (and still indexes it)."""
    backend, calls = get_backend(), []
    real = backend.index

    def index(documents):
        documents = list(documents)
        calls.extend(documents)
        return real(documents)

    monkeypatch.setattr(backend, "index", index)
    return calls


def _slow_path() -> None:
    """What the import did before: the authoring services, one page at a time."""
    from cms.services.body_format import body_from_source

    authorities_by_name(["国家税务总局"], {"国家税务总局": "11100000000013239N"})
    column = PolicyIndexPage.objects.get()
    for row in ROWS[:3]:
        policy_document_create(
            parent=column,
            title=row["title"],
            body=body_from_source(row["body"]),
            doc_number=row.get("doc_number", "").replace("[", "〔").replace("]", "〕"),
            authorities=authorities_by_name(
                [n for n in row.get("authorities", "").split("、") if n]
            ),
            written_date=_date(row.get("written_date")),
            publish_date=_date(row.get("publish_date")),
            effective_date=_date(row.get("effective_date")),
            level=LEVEL.get(row.get("level"), "other"),
            validity=VALIDITY[row["validity"]],
            topic=TOPIC.get(row.get("topics"), "finance/tax"),
        )
    target = PolicyDocumentPage.objects.get(doc_number="税总发〔2014〕59号")
    interpretation_create(
        parent=InterpretationIndexPage.objects.get(),
        title=ROWS[3]["title"],
        documents=[target],
        body_text=ROWS[3]["body"],
        publish=True,
    )


def _date(value):
    return date.fromisoformat(value) if value else None


def _blocks(data) -> list:
    if isinstance(data, str):
        data = json.loads(data)
    return [{k: v for k, v in block.items() if k != "id"} for block in data]


def _names(page, relation: str, attribute: str) -> list[str]:
    related = getattr(page, relation, None)
    return [getattr(item, attribute) for item in related.all()] if related is not None else []


def _snapshot(search_calls: list) -> dict:
    pages = []
    columns = [PolicyIndexPage.objects.get(), InterpretationIndexPage.objects.get()]
    for column in columns:
        for page in column.get_children().specific().order_by("path"):
            row = Page.objects.filter(pk=page.pk).values()[0]
            revisions = list(Revision.objects.filter(object_id=str(page.pk)))
            assert len(revisions) == 1
            revision = revisions[0]
            assert row["latest_revision_id"] == row["live_revision_id"] == revision.pk
            assert row["first_published_at"] == row["last_published_at"] is not None
            assert row["latest_revision_created_at"] == revision.created_at
            assert row["url_path"] == f"{column.url_path}{page.slug}/"
            assert row["path"].startswith(column.path) and len(row["path"]) == len(column.path) + 4
            assert re.fullmatch(r"(policy|interpretation)-[0-9a-f]{10}", page.slug)
            volatile = {
                "id", "path", "translation_key", "slug", "url_path", "first_published_at",
                "last_published_at", "latest_revision_created_at", "latest_revision_id",
                "live_revision_id",
            }  # fmt: skip
            content = dict(revision.content)
            for key in ("pk", "path", "translation_key", "slug", "url_path"):
                content.pop(key)
            content["body"] = _blocks(content["body"])
            # primary keys differ between runs on PostgreSQL (sequences do not roll back)
            if "authorities" in content:
                names = dict(IssuingAuthority.objects.values_list("pk", "name"))
                content["authorities"] = [names[pk] for pk in content["authorities"]]
            if "documents" in content:
                titles = dict(PolicyDocumentPage.objects.values_list("pk", "title"))
                content["documents"] = [titles[pk] for pk in content["documents"]]
            specific = {
                f.attname: getattr(page, f.attname)
                for f in type(page)._meta.local_concrete_fields
                if not f.primary_key
            }
            specific["body"] = _blocks(page.body.get_prep_value())
            logs = [
                (e.action, e.label, e.content_changed, e.data, e.user_id, e.revision_id)
                for e in PageLogEntry.objects.filter(page_id=page.pk).order_by("timestamp", "pk")
            ]
            assert [log[5] for log in logs] == [None, revision.pk]
            pages.append(
                {
                    "row": {k: v for k, v in row.items() if k not in volatile},
                    "specific": specific,
                    "revision": (content, revision.object_str, revision.user_id),
                    "revision_types": (revision.content_type_id, revision.base_content_type_id),
                    "logs": [log[:5] for log in logs],
                    "authorities": _names(page, "authorities", "name"),
                    "documents": _names(page, "documents", "title"),
                    "citations": sorted(
                        Citation.objects.filter(citing=page).values_list("cited_number", flat=True)
                    ),
                    "validity": list(
                        ValidityChange.objects.filter(document_id=page.pk).values_list(
                            "validity", "changed_on", "note", "caused_by"
                        )
                    ),
                    "references": ReferenceIndex.objects.filter(object_id=str(page.pk)).count(),
                }
            )  # fmt: skip
    documents = sorted(
        (
            doc.content_type, doc.title, doc.body, doc.doc_number, tuple(doc.authorities),
            doc.publish_date, doc.validity, tuple(doc.topics),
        )
        for doc in search_calls
    )  # fmt: skip
    return {
        "pages": pages,
        "numchild": [c.numchild for c in Page.objects.filter(pk__in=[c.pk for c in columns])],
        "authorities": list(IssuingAuthority.objects.values_list("name", "code")),
        "search": documents,
    }


def test_bulk_import_writes_what_page_by_page_publishing_writes(site_tree, tmp_path, indexed):
    try:
        with transaction.atomic():
            _slow_path()
            slow = _snapshot(indexed)
            raise Rollback
    except Rollback:
        pass
    indexed.clear()
    assert not PolicyDocumentPage.objects.exists()

    IssuingAuthority.objects.create(name="国家税务总局", code="11100000000013239N")
    path = tmp_path / "policies.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), encoding="utf-8")
    call_command("import_policies", str(path))
    bulk = _snapshot(indexed)

    assert len(slow["pages"]) == len(bulk["pages"]) == 4
    assert bulk["pages"][0]["specific"]["index_number"] == "11100000000013239N/2014-00001"
    assert bulk["pages"][0]["citations"] == ["税总发〔2013〕12号"]
    for slow_page, bulk_page in zip(slow["pages"], bulk["pages"], strict=True):
        slow_content, bulk_content = slow_page["revision"][0], bulk_page["revision"][0]
        for key in sorted(set(slow_content) | set(bulk_content)):
            assert bulk_content.get(key) == slow_content.get(key), f"revision content: {key}"
        for key in slow_page:
            assert bulk_page[key] == slow_page[key], key
    assert bulk == slow


def test_bulk_imported_pages_are_searchable_and_served(site_tree, tmp_path, client):
    path = tmp_path / "policies.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), encoding="utf-8")
    call_command("import_policies", str(path))
    hits = PolicySearch("首问责任制").execute().hits
    assert {hit.title for hit in hits} >= {ROWS[0]["title"], ROWS[3]["title"]}
    document = PolicyDocumentPage.objects.get(doc_number="税总发〔2014〕59号")
    response = client.get(document.url)
    assert response.status_code == 200
    assert "全面推行首问责任制" in response.content.decode()
    interpretation = InterpretationPage.objects.get()
    assert client.get(interpretation.url).status_code == 200
    assert list(document.interpretations.all()) == [interpretation]


def test_many_batches_continue_the_tree_after_existing_pages(site_tree, tmp_path, monkeypatch):
    """Batches append after pages made one by one; treebeard finds nothing wrong in the tree."""
    import policies.services.importing as policy_import

    monkeypatch.setattr(policy_import, "BATCH_SIZE", 2)
    column = PolicyIndexPage.objects.get()
    policy_document_create(parent=column, title="先有的文件", doc_number="税总发〔2001〕1号")
    rows = [{"title": f"第{n}篇", "doc_number": f"税总发〔2002〕{n}号"} for n in range(1, 6)]
    path = tmp_path / "policies.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    call_command("import_policies", str(path))

    children = list(column.get_children().order_by("path"))
    assert [c.title for c in children] == ["先有的文件"] + [r["title"] for r in rows]
    assert Page.objects.get(pk=column.pk).numchild == 6
    assert all(problem == [] for problem in Page.find_problems())
    policy_document_create(parent=column, title="之后的文件")  # add_child still works after
    assert column.get_children().count() == 7


def test_bulk_publisher_keeps_sibling_slugs_unique(site_tree):
    from policies.services.bulk_publish import pages_bulk_publish

    column = PolicyIndexPage.objects.get()
    policy_document_create(parent=column, title="已有", slug="same")
    pages = [PolicyDocumentPage(title=f"新{n}", slug="same") for n in range(2)]
    with transaction.atomic():
        pages_bulk_publish(parent=column, pages=pages)
    assert sorted(column.get_children().values_list("slug", flat=True)) == [
        "same",
        "same-2",
        "same-3",
    ]
