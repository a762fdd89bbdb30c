"""The demo loader: every state of the closed loop, appointments and a 差评, idempotent."""

from io import StringIO

import pytest

from fixtures.demo import lists as lists_demo
from fixtures.demo import site as site_demo
from fixtures.demo import taxpayer as taxpayer_demo
from taxpayer.models import Appointment, Matter, MatterStatus, Rating

pytestmark = pytest.mark.django_db


def test_demo_loads_every_state_once(clock):
    clock.set(2026, 11, 18, 9)
    site_demo.load(StringIO())
    lists_demo.load(StringIO())
    out = StringIO()
    taxpayer_demo.load(out)
    statuses = set(Matter.objects.values_list("status", flat=True))
    assert {
        MatterStatus.POOLED,
        MatterStatus.HANDLING,
        MatterStatus.REPLIED,
        MatterStatus.DEFERRED,
        MatterStatus.TRANSFERRED,
    } <= statuses
    assert Matter.objects.filter(kind="first_contact", guide__code="BSZN-001").exists()
    assert Matter.objects.filter(extended_days=5).exists()
    assert Rating.objects.filter(level=2, follow_up="pending").exists()
    assert Appointment.objects.filter(proposals__status="pending").exists()
    assert "查询码 DEMO-0001-NSFW" in out.getvalue()
    counts = (Matter.objects.count(), Appointment.objects.count(), Rating.objects.count())
    taxpayer_demo.load(StringIO())
    assert (Matter.objects.count(), Appointment.objects.count(), Rating.objects.count()) == counts
