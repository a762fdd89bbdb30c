"""The transition table decides: services refuse what it forbids, do what it promises, and the
admin offers exactly what it allows."""

import inspect
import re
from datetime import date, datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from disclosure import services, transitions
from disclosure.models import DisclosureRequest, EventKind, Status
from disclosure.transitions import TABLE, Actor
from portal.errors import RuleViolation

from .factories import RequestFactory

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 10, 8)  # a Thursday
STEP = date(2026, 10, 9)  # the day a pausing step starts
ACTED = date(2026, 10, 12)  # the day the action under test is taken
LAPSED = date(2026, 11, 30)  # today: every correction and fee period above has run out
SATURDAY = datetime.fromisoformat("2026-11-28T10:00:00+08:00")  # an online submission waits


def head_of_office():
    """The 负责人 who approves extensions: never the person who records one."""
    user, _ = get_user_model().objects.get_or_create(username="head")
    user.groups.add(Group.objects.get(name="政府信息公开工作机构负责人"))
    return user


def action_arguments(name: str, office_user, department) -> dict:
    """Valid input for each action, as a form would deliver it."""
    return {
        "reply": {"outcome": "disclose", "reply_text": "予以公开。", "replied_on": ACTED},
        "correction_notice": {"notified_on": ACTED, "items": "请写明文号。", "period_days": 5},
        "correction_received": {"received_on": ACTED},
        "correction_submit": {"text": "所需文件为税总发〔2014〕59号。"},
        "correction_lapse": {"on": LAPSED},
        "consult_start": {"started_on": ACTED, "party": "某有限公司"},
        "consult_end": {"ended_on": ACTED, "opinion": "同意公开"},
        "fee_notice": {"method": "per_volume", "quantity": 60, "notice_on": ACTED},
        "fee_paid": {"paid_on": ACTED},
        "fee_lapse": {"on": LAPSED},
        "confirm_receipt": {"confirmed_on": LAPSED},
        "extend": {
            "approved_by": head_of_office(),
            "days": 5,
            "reason": "需要调取档案",
            "notified_on": ACTED,
        },
        "assign": {"department_id": department.pk, "assigned_on": ACTED},
        "feedback": {"feedback": "已提供材料"},
        "archive": {"archived_on": ACTED},
        "withdraw": {"withdrawn_on": ACTED},
    }[name]


def request_in(status: str, office_user) -> DisclosureRequest:
    """A request brought into `status` through the services, as staff would."""
    if status == Status.UNCONFIRMED:
        with time_machine.travel(SATURDAY, tick=False):
            return RequestFactory(received_on=None)
    request = RequestFactory(received_on=RECEIVED)
    common = {"request": request, "actor": office_user}
    if status == Status.CORRECTION:
        services.request_correction_notice(
            **common, notified_on=STEP, items="请写明文号。", period_days=5
        )
    elif status == Status.CONSULTING:
        services.request_consult_start(**common, started_on=STEP, party="某有限公司")
    elif status == Status.FEE_PENDING:
        services.request_fee_notice(**common, method="per_volume", quantity=60, notice_on=STEP)
    elif status in (Status.REPLIED, Status.ARCHIVED):
        services.request_reply(
            **common, outcome="disclose", reply_text="予以公开。", replied_on=STEP
        )
        if status == Status.ARCHIVED:
            services.request_archive(**common, archived_on=STEP)
    elif status == Status.WITHDRAWN:
        services.request_withdraw(request=request, withdrawn_on=STEP)
    request.refresh_from_db()
    assert request.status == status
    return request


def perform(transition, request, office_user, department):
    """Call the table's service for `transition` the way the admin does."""
    arguments = action_arguments(transition.name, office_user, department)
    subject = request
    if transition.subject == "assignment":
        subject = request.assignments.first() or services.request_assign(
            request=request, department_id=department.pk, actor=office_user
        )
    service = getattr(services, transition.service)
    return service(**{transition.subject: subject}, **arguments, actor=office_user)


def test_every_entry_names_a_service_that_takes_its_form():
    for transition in TABLE:
        service = getattr(services, transition.service)
        parameters = inspect.signature(service).parameters
        assert transition.subject in parameters, transition.name
        assert {"actor", "ip"} <= set(parameters), transition.name
        assert set(transition.form.base_fields) <= set(parameters), transition.name
        assert all(p.kind == p.KEYWORD_ONLY for p in parameters.values()), transition.name
        assert transition.sources <= set(Status.values), transition.name
        assert transition.target in (None, *Status.values), transition.name
        assert transition.actors, transition.name


def test_the_transition_names_are_unique_and_cover_every_handling_step():
    assert len(transitions.TRANSITIONS) == len(TABLE)
    assert set(transitions.TRANSITIONS) == {
        "confirm_receipt",
        "reply",
        "correction_notice",
        "correction_received",
        "correction_submit",
        "correction_lapse",
        "consult_start",
        "consult_end",
        "fee_notice",
        "fee_paid",
        "fee_lapse",
        "extend",
        "assign",
        "feedback",
        "archive",
        "withdraw",
    }


REFUSED = [
    (transition, status)
    for transition in TABLE
    for status in Status.values
    if status not in transition.sources
]


@pytest.mark.parametrize(
    ("transition", "status"), REFUSED, ids=[f"{t.name}-from-{s}" for t, s in REFUSED]
)
def test_every_action_is_refused_from_a_state_the_table_does_not_list(
    transition, status, office_user, department
):
    request = request_in(Status.PROCESSING, office_user)
    if transition.subject == "assignment":
        services.request_assign(request=request, department_id=department.pk, actor=office_user)
    DisclosureRequest.objects.filter(pk=request.pk).update(status=status)
    request.refresh_from_db()
    events = request.events.count()

    with pytest.raises(RuleViolation, match=f"不能{transition.label}"):
        perform(transition, request, office_user, department)

    request.refresh_from_db()
    assert request.status == status
    assert request.events.count() == events


ALLOWED = [(transition, sorted(transition.sources)[0]) for transition in TABLE]


@pytest.mark.parametrize(
    ("transition", "status"), ALLOWED, ids=[f"{t.name}-from-{s}" for t, s in ALLOWED]
)
def test_every_action_leads_to_the_state_the_table_names(
    transition, status, office_user, department, clock
):
    if transition.name == "correction_submit":
        clock.set(2026, 10, 12, 9)  # the applicant answers within the 补正 period
    request = request_in(status, office_user)
    perform(transition, request, office_user, department)
    request.refresh_from_db()
    assert request.status == transition.resulting_status(status)


@pytest.mark.parametrize(
    ("name", "prepare"),
    [
        ("extend", "extend"),
        ("correction_notice", "correction_round_trip"),
        ("fee_notice", "fee_paid"),
    ],
)
def test_guarded_actions_are_refused_a_second_time(name, prepare, office_user, department):
    request = request_in(Status.PROCESSING, office_user)
    common = {"request": request, "actor": office_user}
    if prepare == "extend":
        services.request_extend(
            **common, approved_by=head_of_office(), days=5, reason="需要调取档案", notified_on=STEP
        )
    elif prepare == "correction_round_trip":
        services.request_correction_notice(**common, notified_on=STEP, items="x", period_days=5)
        services.request_correction_received(**common, received_on=STEP)
    else:
        services.request_fee_notice(**common, method="per_volume", quantity=60, notice_on=STEP)
        services.request_fee_paid(**common, paid_on=STEP)
    request.refresh_from_db()
    assert request.status == Status.PROCESSING
    reason = transitions.refusal(request, name)
    assert reason
    with pytest.raises(RuleViolation, match=re.escape(reason)):
        perform(transitions.TRANSITIONS[name], request, office_user, department)


def test_feedback_is_given_once_per_assignment(office_user, department, department_user):
    request = request_in(Status.PROCESSING, office_user)
    assignment = services.request_assign(
        request=request, department_id=department.pk, actor=office_user
    )
    services.assignment_feedback(assignment=assignment, feedback="已整理", actor=department_user)
    with pytest.raises(RuleViolation, match="已反馈"):
        services.assignment_feedback(assignment=assignment, feedback="再次", actor=department_user)
    assert request.events.filter(kind=EventKind.FEEDBACK).count() == 1


def offered_actions(client, request) -> set[str]:
    page = client.get(f"/admin/disclosure/{request.pk}/").content.decode()
    return set(re.findall(rf'action="/admin/disclosure/{request.pk}/action/(\w+)/"', page))


def expected_from_table(status: str) -> set[str]:
    return {
        t.name
        for t in TABLE
        if t.subject == "request" and Actor.OFFICE in t.actors and status in t.sources
    }


@pytest.mark.parametrize("status", Status.values)
def test_the_admin_offers_exactly_the_actions_the_table_allows(
    status, client, office_user, department
):
    request = request_in(status, office_user)
    client.force_login(office_user)
    assert offered_actions(client, request) == expected_from_table(status)


def test_the_admin_hides_an_action_whose_guard_refuses(client, office_user):
    request = request_in(Status.PROCESSING, office_user)
    client.force_login(office_user)
    assert "extend" in offered_actions(client, request)
    services.request_extend(
        request=request,
        approved_by=head_of_office(),
        days=5,
        reason="需要调取档案",
        notified_on=STEP,
        actor=office_user,
    )
    assert offered_actions(client, request) == expected_from_table(Status.PROCESSING) - {"extend"}
    refused = client.post(
        f"/admin/disclosure/{request.pk}/action/extend/",
        {
            "extend-notified_on": "2026-10-12",
            "extend-days": "5",
            "extend-reason": "再延",
            "extend-approved_by": head_of_office().pk,
        },
    )
    assert refused.status_code == 400
    assert "只能延长一次" in refused.content.decode()


def test_the_public_page_offers_withdrawal_only_while_the_table_allows_it(client, office_user):
    request = request_in(Status.PROCESSING, office_user)
    session = client.session
    session["disclosure_tracked"] = request.pk
    session.save()
    assert 'action="/disclosure/track/withdraw/"' in client.get("/disclosure/track/status/").text
    services.request_reply(
        request=request,
        outcome="disclose",
        reply_text="予以公开。",
        replied_on=ACTED,
        actor=office_user,
    )
    page = client.get("/disclosure/track/status/").text
    assert "已答复" in page
    assert 'action="/disclosure/track/withdraw/"' not in page
    refused = client.post("/disclosure/track/withdraw/", {"confirm": "yes"}, follow=True)
    assert "不能撤回申请" in refused.text
