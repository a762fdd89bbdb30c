"""好差评 (国办发〔2019〕51号): rated once after closing, on the five-level scale; every 差评 is
回访核实 and 整改 within its period, and the rater is told the result."""

from datetime import date, time

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from disclosure import services as disclosure_services
from portal.errors import RuleViolation
from portal.models import OutboxMessage
from taxpayer.models import FollowUpStatus, RatedKind, Rating
from taxpayer.services import appointments as appointment_services
from taxpayer.services import matters as s
from taxpayer.services import ratings as r
from tests.taxpayer.conftest import file_appeal

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(clock, units, service_user, levy_user):
    clock.set(2026, 11, 20, 10)
    matter = file_appeal()
    s.matter_assign(matter=matter, host_unit_id=units["levy"].pk, actor=service_user)
    s.matter_complete(matter=matter, result="已解决。", actor=levy_user)
    s.matter_reply(matter=matter, reply_text="您的问题已解决。", actor=levy_user)
    matter.refresh_from_db()
    return matter


def _track(client, matter):
    client.post("/taxpayer/track/", {"number": matter.number, "code": matter.tracking_code})


def test_a_matter_is_rated_once_on_the_five_level_scale(client, answered):
    _track(client, answered)
    page = client.get("/taxpayer/track/status/").content.decode()
    for label in ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]:
        assert label in page
    response = client.post("/taxpayer/track/rate/", {"level": "5", "comment": "响应很快"})
    assert response.status_code == 302
    again = client.post("/taxpayer/track/rate/", {"level": "1", "comment": "改主意了"})
    assert again.status_code == 400
    assert "每件事项只能评价一次" in again.content.decode()
    rating = Rating.objects.get()
    assert (rating.level, rating.follow_up) == (5, FollowUpStatus.NOT_NEEDED)
    assert rating.unit_id == answered.host_unit_id
    assert "您的评价" in client.get("/taxpayer/track/status/").content.decode()


def test_the_database_refuses_a_second_rating_too(answered):
    r.rating_submit_matter(matter=answered, level=4, comment="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            rated_kind=RatedKind.APPEAL,
            rated_number=answered.number,
            level=1,
            rated_at=timezone.now(),
            rated_on=date(2026, 11, 20),
            follow_up=FollowUpStatus.PENDING,
        )


def test_an_open_matter_cannot_be_rated(clock, units):
    clock.set(2026, 11, 20, 10)
    matter = file_appeal()
    with pytest.raises(RuleViolation, match="办结并反馈后才能评价"):
        r.rating_submit_matter(matter=matter, level=5, comment="")
    assert not Rating.objects.exists()


def test_bad_rating_needs_a_reason_and_gets_a_fifteen_day_follow_up(client, answered):
    _track(client, answered)
    refused = client.post("/taxpayer/track/rate/", {"level": "2", "comment": ""})
    assert "请写明不满意的具体原因" in refused.content.decode()
    assert (
        "请从列表中选择评价等级"
        in client.post("/taxpayer/track/rate/", {"level": "9"}).content.decode()
    )
    assert not Rating.objects.exists()
    client.post("/taxpayer/track/rate/", {"level": "2", "comment": "答复不够具体"})
    rating = Rating.objects.get()
    assert rating.follow_up == FollowUpStatus.PENDING
    assert rating.due_on == date(2026, 12, 11)  # 15 working days after Friday 11-20
    assert OutboxMessage.objects.filter(
        topic="taxpayer.staff", subject__contains="收到差评"
    ).exists()


def test_bad_rating_is_verified_rectified_and_the_rater_told(client, clock, answered, service_user):
    rating = r.rating_submit_matter(matter=answered, level=1, comment="等了很久没人理")
    client.force_login(service_user)
    listed = client.get("/admin/taxpayer/ratings/").content.decode()
    assert answered.number in listed
    early = client.post(
        f"/admin/taxpayer/ratings/{rating.pk}/action/rectify/",
        {"rectify-rectification": "x", "rectify-reply_to_rater": "y"},
    )
    assert early.status_code == 400 and "不能整改并反馈评价人" in early.content.decode()
    client.post(
        f"/admin/taxpayer/ratings/{rating.pk}/action/verify/",
        {"verify-verification": "电话回访，情况属实", "verify-finding": "confirmed"},
    )
    client.post(
        f"/admin/taxpayer/ratings/{rating.pk}/action/rectify/",
        {
            "rectify-rectification": "已对窗口人员批评教育并调整排班",
            "rectify-reply_to_rater": "感谢监督，我们已调整窗口排班。",
        },
    )
    rating.refresh_from_db()
    assert rating.follow_up == FollowUpStatus.DONE and rating.rectified_on == date(2026, 11, 20)
    assert [step["label"] for step in rating.trace] == ["评价", "回访核实", "整改反馈"]
    told = OutboxMessage.objects.get(topic="taxpayer.rating")
    assert told.to == "taxpayer@example.com" and "调整窗口排班" in told.body


def test_complex_cases_are_extended_with_the_deputys_approval_before_the_deadline(
    clock, answered, service_user, deputy
):
    rating = r.rating_submit_matter(matter=answered, level=2, comment="政策口径不一致")
    with pytest.raises(RuleViolation, match="分管局领导批准"):
        r.rating_extend(
            rating=rating, days=5, reason="需请示上级", approved_by=service_user, actor=service_user
        )
    r.rating_extend(
        rating=rating, days=5, reason="需请示上级", approved_by=deputy, actor=service_user
    )
    rating.refresh_from_db()
    assert rating.due_on == date(2026, 12, 18)
    clock.set(2026, 12, 21, 9)
    with pytest.raises(RuleViolation, match="届满前"):
        r.rating_extend(
            rating=rating, days=1, reason="再延", approved_by=deputy, actor=service_user
        )


def test_a_served_appointment_is_rated_from_its_page(client, clock, hall, hall_user):
    clock.set(2026, 9, 28, 8)
    appointment = appointment_services.appointment_book(
        hall_id=hall.pk,
        day=date(2026, 9, 28),
        starts_at=time(9, 0),
        subject="consultation",
        question="咨询",
        taxpayer_name="甲",
        phone="13800138000",
    )
    client.post(
        "/taxpayer/appointment/",
        {"number": appointment.number, "code": appointment.confirmation_code},
    )
    assert "评价本次服务" not in client.get("/taxpayer/appointment/manage/").content.decode()
    clock.set(2026, 9, 28, 9, 10)
    appointment_services.appointment_serve(appointment=appointment, actor=hall_user)
    client.post("/taxpayer/appointment/rate/", {"level": "4", "comment": ""})
    rating = Rating.objects.get()
    assert (rating.rated_kind, rating.unit_id) == (RatedKind.APPOINTMENT, hall.unit_id)


def _answered_disclosure_request():
    request = disclosure_services.request_register(
        channel="online",
        applicant_kind="natural_person",
        applicant_name="张三",
        id_type="resident_id",
        id_number="11010519491231002X",
        phone="13800138000",
        description="2025年度收费项目清单",
        info_form="electronic",
        delivery="email",
        received_on=date(2026, 11, 2),
    )
    disclosure_services.request_reply(
        request=request,
        outcome="disclose",
        reply_text="见附件。",
        replied_on=date(2026, 11, 16),
        actor=None,
    )
    return request


def test_a_disclosure_request_is_rated_with_its_number_and_code(client, clock, units):
    clock.set(2026, 11, 20, 10)
    request = _answered_disclosure_request()
    wrong = client.post("/taxpayer/rate/", {"number": request.number, "code": "AAAA", "level": "5"})
    assert "申请编号或查询码不正确" in wrong.content.decode()
    client.post(
        "/taxpayer/rate/",
        {"number": request.number, "code": request.tracking_code, "level": "3", "comment": ""},
    )
    rating = Rating.objects.get()
    assert (rating.rated_kind, rating.rated_number) == (RatedKind.DISCLOSURE, request.number)
    again = client.post(
        "/taxpayer/rate/",
        {"number": request.number, "code": request.tracking_code, "level": "1", "comment": "差"},
    )
    assert "每件事项只能评价一次" in again.content.decode()


def test_the_request_just_tracked_is_offered_without_retyping(client, clock, units):
    clock.set(2026, 11, 20, 10)
    request = _answered_disclosure_request()
    client.post("/disclosure/track/", {"number": request.number, "code": request.tracking_code})
    page = client.get("/taxpayer/rate/").content.decode()
    assert f"您刚查询的申请 {request.number}" in page
    client.post("/taxpayer/rate/", {"level": "5", "comment": "答复及时"})
    assert Rating.objects.get().rated_number == request.number
