"""The demo loader: requests in the promised states, idempotent, trackable with printed codes,
transferred to units of the 机构职能 demo."""

from io import StringIO

import pytest
from django.utils import timezone

from disclosure.models import Assignment, DisclosureRequest, Status
from fixtures.demo import disclosure as demo
from fixtures.demo import lists as demo_lists

pytestmark = pytest.mark.django_db


def test_demo_requests_cover_the_promised_states_and_load_once(client, site_tree):
    demo_lists.load(StringIO())
    out = StringIO()
    demo.load(out)
    count = DisclosureRequest.objects.count()
    demo.load(StringIO())
    assert DisclosureRequest.objects.count() == count == 9
    today = timezone.localdate()
    assert DisclosureRequest.objects.filter(
        status=Status.PROCESSING, reply_due_on__lt=today
    ).exists()
    assert DisclosureRequest.objects.filter(status=Status.CORRECTION).exists()
    assert DisclosureRequest.objects.filter(status=Status.CONSULTING).exists()
    assert DisclosureRequest.objects.filter(extended_days=20).exists()
    outcomes = set(DisclosureRequest.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert {"disclose", "refuse_7", "unable_1"} <= outcomes
    units = set(Assignment.objects.values_list("department__name", flat=True))
    assert units == {"政策法规司", "纳税服务司"}
    first = DisclosureRequest.objects.get(description__startswith="2024年度本局行政处罚")
    response = client.post(
        "/disclosure/track/", {"number": first.number, "code": demo.DEMO_CODE.format(1)}
    )
    assert response.status_code == 302
    assert first.number in out.getvalue()
