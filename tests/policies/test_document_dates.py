"""Issue 17 item 3: a document's dates are its own. Without 发布日期 the 成文日期 is shown and
labelled as such; the 索引号 year is the document's; the day content was imported (here
2026-11-30) never stands in for either."""

from datetime import date
from io import StringIO

import pytest

from fixtures.demo import policies as demo
from policies.models import InterpretationPage, PolicyDocumentPage, ValidityChange
from tests.policies.factories import PolicyDocumentFactory

IMPORT_DAY = "2026-11-30"
STA = "11100000000013239N"


@pytest.fixture
def demo_library(site_tree, clock):
    clock.set(2026, 11, 30, 10)
    demo.load(StringIO())
    return {page.slug: page for page in PolicyDocumentPage.objects.all()}


def test_demo_documents_carry_the_seeds_dates(demo_library):
    notice = demo_library["sta-2014-59"]
    assert notice.doc_number == "税总发〔2014〕59号"
    assert notice.written_date == date(2014, 4, 24) and notice.publish_date is None
    assert demo_library["sta-2015-7"].publish_date == date(2015, 1, 19)
    assert demo_library["sta-2020-task-list"].written_date == date(2020, 7, 28)


def test_the_home_page_shows_the_documents_own_labelled_date(client, demo_library):
    html = client.get("/").content.decode()
    assert (
        '国家税务总局关于全面推行税务系统首问责任制的通知</a> <span class="listing__date-label">'
        '成文日期</span> <time datetime="2014-04-24">2014-04-24</time>'
    ) in html
    assert '<span class="listing__date-label">发布日期</span> <time datetime="2015-01-19">' in html
    for document in demo_library.values():  # pages written on the site keep their own date
        start = html.index(document.title)
        assert IMPORT_DAY not in html[start : html.index("</li>", start)]


def test_the_interpretation_shows_its_documents_date_labelled(client, demo_library):
    interpretation = InterpretationPage.objects.get(slug="sta-2014-59-interpretation")
    html = client.get(interpretation.url).content.decode()
    assert '原文成文日期 <time datetime="2014-04-24">2014-04-24</time>' in html
    assert IMPORT_DAY not in html
    column = client.get(interpretation.get_parent().url).content.decode()
    assert '原文成文日期</span> <time datetime="2014-04-24">' in column
    assert IMPORT_DAY not in column


def test_the_validity_history_and_index_number_use_the_documents_own_year(client, demo_library):
    notice = demo_library["sta-2014-59"]
    assert notice.index_number == f"{STA}/2014-00001"
    assert list(
        ValidityChange.objects.filter(document=notice).values_list("changed_on", flat=True)
    ) == [date(2014, 4, 24)]
    html = client.get(notice.url).content.decode()
    assert "2014-04-24" in html and IMPORT_DAY not in html


def test_documents_the_seeds_leave_undated_show_no_date_and_have_no_index_number_yet(
    client, demo_library
):
    undated = demo_library["tax-service-systems"]
    assert undated.written_date is None and undated.publish_date is None
    assert undated.index_number == ""
    assert ValidityChange.objects.get(document=undated).changed_on is None
    html = client.get(undated.url).content.decode()
    assert "日期不详" in html and IMPORT_DAY not in html
    home = client.get("/").content.decode()
    start = home.index(undated.title)
    assert "<time" not in home[start : home.index("</li>", start)]


def test_a_document_is_numbered_once_it_has_a_date(site_tree, clock):
    clock.set(2026, 11, 30, 10)
    undated = PolicyDocumentFactory(title="未注明日期")
    assert undated.index_number == ""
    written = PolicyDocumentFactory(title="只有成文日期", written_date=date(2014, 4, 24))
    assert written.index_number == f"{STA}/2014-00001"
