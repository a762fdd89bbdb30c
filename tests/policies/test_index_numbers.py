"""Every document gets its 索引号, whichever way it enters the library: made by a service, typed
in the editor, or bulk-imported. Numbers run per agency code and year without gaps or repeats."""

import json
from datetime import date

from django.core.management import call_command

from policies.models import PolicyDocumentPage
from tests.policies.factories import (
    IssuingAuthorityFactory,
    PolicyDocumentFactory,
    editor_adds_document,
)

STA = "11100000000013239N"


def test_service_created_documents_are_numbered_per_agency_and_year(site_tree):
    first = PolicyDocumentFactory(publish_date=date(2015, 1, 19))
    second = PolicyDocumentFactory(written_date=date(2015, 3, 1), publish=False)
    other_year = PolicyDocumentFactory(publish_date=date(2016, 2, 1))
    unknown_agency = PolicyDocumentFactory(authorities=[], publish_date=date(2015, 5, 5))
    assert first.index_number == f"{STA}/2015-00001"
    assert second.index_number == f"{STA}/2015-00002"
    assert other_year.index_number == f"{STA}/2016-00001"
    assert unknown_agency.index_number == "000000000/2015-00001"


def test_editor_created_document_is_numbered_and_keeps_its_number(
    client, site_tree, clock, django_user_model
):
    clock.set(2026, 9, 30, 9)
    client.force_login(django_user_model.objects.create_superuser("ed", "e@example.invalid", "pw"))
    authority = IssuingAuthorityFactory()
    PolicyDocumentFactory(publish_date=date(2019, 1, 2))
    response = editor_adds_document(
        client,
        title="编辑器中的文件",
        slug="editor-doc",
        authorities=str(authority.pk),
        publish_date="2019-06-01",
    )
    assert response.status_code == 302, response.content.decode()[:500]
    draft = PolicyDocumentPage.objects.get(slug="editor-doc")
    assert draft.index_number == f"{STA}/2019-00002"
    assert draft.get_latest_revision().content["index_number"] == f"{STA}/2019-00002"

    draft.get_latest_revision().publish()
    draft.refresh_from_db()
    assert draft.live and draft.index_number == f"{STA}/2019-00002"

    undated = editor_adds_document(
        client, title="未注明日期的文件", slug="undated", authorities=str(authority.pk)
    )
    assert undated.status_code == 302
    # Neither 发布日期 nor 成文日期: no number yet, never the year of the day it was entered.
    assert PolicyDocumentPage.objects.get(slug="undated").index_number == ""


def test_bulk_imported_documents_continue_the_numbering(site_tree, tmp_path):
    PolicyDocumentFactory(publish_date=date(2014, 1, 2))
    rows = [
        {"title": f"导入文件{n}", "authorities": "国家税务总局", "publish_date": "2014年4月24日"}
        for n in range(2)
    ]
    path = tmp_path / "policies.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    call_command("import_policies", str(path))
    imported = PolicyDocumentPage.objects.filter(title__startswith="导入文件").order_by("title")
    assert [page.index_number for page in imported] == [
        f"{STA}/2014-00002",
        f"{STA}/2014-00003",
    ]
