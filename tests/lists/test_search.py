"""List items are found by /search/ and /api/search/; imports reach the index only when applied."""

import io

import pytest
import tablib
from django.core.management import call_command

from lists.models import PowerItem, Task
from lists.services import power_item_delete, power_item_save
from search.backends import _backend_for, get_backend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_index(db):
    _backend_for.cache_clear()
    get_backend().clear()
    yield
    get_backend().clear()


def hits(client, q: str, **params) -> list[dict]:
    response = client.get("/api/search/", {"q": q, **params})
    assert response.status_code == 200
    return response.json()["results"]


def test_each_list_is_searchable_with_its_own_type(client, demo):
    power = hits(client, "税收保全措施")
    item = PowerItem.objects.get(power_type="QZ")
    assert any(h["url"] == item.get_absolute_url() and h["type"] == "power_item" for h in power)

    guides = hits(client, "最高开票限额", type="service_guide")
    assert guides and all(h["type"] == "service_guide" for h in guides)
    assert guides[0]["url"].startswith("/xxgk/fdzdgknr/service-guides/")

    task = Task.objects.get(number=19)
    found = hits(client, "互联网协议第6版", type="task")
    assert [h["url"] for h in found] == [task.get_absolute_url()]

    units = hits(client, "纳税服务司", type="unit")
    assert any(h["title"] == "纳税服务司" for h in units)

    page = client.get("/search/", {"q": "税收保全措施"})
    assert page.status_code == 200
    assert "税收保全措施" in page.content.decode()
    assert "权责清单" in page.content.decode()


def test_edits_and_deletes_update_the_index_when_committed(client, demo):
    item = PowerItem.objects.get(power_type="JC")
    item.name = "税务稽查检查"
    with django_capture_on_commit():
        power_item_save(item=item, user=None, reason="名称调整")
    # a draft in review is not searchable
    assert "税务稽查检查" not in [h["title"] for h in hits(client, "税务稽查检查")]
    with django_capture_on_commit() as pending:
        item.get_latest_revision().publish()
        # not before the commit
        assert "税务稽查检查" not in [h["title"] for h in hits(client, "税务稽查检查")]
    assert pending
    assert any(h["url"] == item.get_absolute_url() for h in hits(client, "税务稽查检查"))
    url = item.get_absolute_url()
    with django_capture_on_commit():
        power_item_delete(item=item, user=None, reason="事项取消")
    assert not any(h["url"] == url for h in hits(client, "税务稽查检查"))


def test_dry_run_import_leaves_the_index_alone_and_real_import_indexes(client, demo, tmp_path):
    headers = ["事项编码", "事项名称", "权力类型", "实施主体", "设定依据"]
    row = ["11100000000013239N-JL-005", "纳税信用评价奖励", "行政奖励", "税务机关", "某办法"]
    path = tmp_path / "power.csv"
    path.write_text(tablib.Dataset(row, headers=headers).export("csv"), encoding="utf-8-sig")
    call_command("import_list", "power", str(path), "--dry-run", stdout=io.StringIO())
    assert "纳税信用评价奖励" not in [h["title"] for h in hits(client, "纳税信用评价奖励")]
    with django_capture_on_commit():
        call_command("import_list", "power", str(path), stdout=io.StringIO())
    # An imported draft is searchable once its review publishes it.
    assert "纳税信用评价奖励" not in [h["title"] for h in hits(client, "纳税信用评价奖励")]
    item = PowerItem.objects.get(code="11100000000013239N-JL-005")
    with django_capture_on_commit():
        item.get_latest_revision().publish()
    assert hits(client, "纳税信用评价奖励")[0]["title"] == "纳税信用评价奖励"


def django_capture_on_commit():
    """Tests run inside a transaction; run on_commit callbacks as a real commit would."""
    from django.db import DEFAULT_DB_ALIAS
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(using=DEFAULT_DB_ALIAS, execute=True)
