"""The demo loader: one open consultation, one closed with published feedback; idempotent."""

from io import StringIO

from consultation.models import Comment, ConsultationFeedback, ConsultationPage
from fixtures.demo import LOADERS, lists, policies
from fixtures.demo import consultation as demo


def test_demo_has_an_open_and_a_closed_consultation_with_feedback(client, site_tree):
    assert LOADERS.index("fixtures.demo.lists") < LOADERS.index("fixtures.demo.consultation")
    policies.load(StringIO())
    lists.load(StringIO())
    out = StringIO()
    demo.load(out)
    assert "新建 2 项" in out.getvalue()

    open_page = ConsultationPage.objects.get(slug=demo.OPEN_SLUG)
    closed_page = ConsultationPage.objects.get(slug=demo.CLOSED_SLUG)
    assert open_page.department.name == closed_page.department.name == "纳税服务司"
    assert open_page.status() == "open" and open_page.live
    assert closed_page.status() == "feedback"
    feedback = ConsultationFeedback.objects.get(consultation=closed_page)
    assert feedback.comment_count == 5 and feedback.commenter_count == 4
    assert (
        feedback.adopted_count,
        feedback.partially_adopted_count,
        feedback.not_adopted_count,
    ) == (
        2,
        1,
        2,
    )
    assert feedback.final_document.doc_number == "税总发〔2014〕59号"

    html = client.get(closed_page.url).content.decode()
    assert "意见采纳情况" in html and feedback.final_document.url in html
    assert "本制度不另设处分种类" in html
    open_html = client.get(open_page.url).content.decode()
    assert "对本条提出意见" in open_html and "第九条" in open_html

    again = StringIO()
    demo.load(again)
    assert "新建 0 项" in again.getvalue()
    assert ConsultationPage.objects.count() == 2
    assert Comment.objects.count() == 5


def test_demo_consultations_wait_for_the_organisation_list(site_tree):
    out = StringIO()
    demo.load(out)
    assert "机构职能中没有“纳税服务司”" in out.getvalue()
    assert not ConsultationPage.objects.exists()
