"""Requests and reports built through the same services staff use."""

from datetime import date, timedelta

from disclosure import services as disclosure
from tests.disclosure.factories import RequestFactory


def register(kind: str, received_on: date, **extra):
    """A request of the given applicant kind, registered through the ledger's own builder."""
    return RequestFactory(
        applicant_kind=kind,
        description="请公开某文件",
        received_on=received_on,
        **extra,
    )


def replied(kind: str, received_on: date, outcome: str, replied_on: date, actor=None):
    request = register(kind, received_on)
    return disclosure.request_reply(
        request=request,
        outcome=outcome,
        reply_text="经审查，依法答复如下。",
        replied_on=replied_on,
        actor=actor,
    )


def withdrawn(kind: str, received_on: date, withdrawn_on: date):
    request = register(kind, received_on)
    return disclosure.request_withdraw(request=request, withdrawn_on=withdrawn_on)


def correction_lapsed(kind: str, received_on: date):
    request = register(kind, received_on)
    request = disclosure.request_correction_notice(
        request=request,
        notified_on=received_on,
        items="请明确所需信息的名称或文号。",
        period_days=5,
        actor=None,
    )
    return disclosure.request_correction_lapse(
        request=request, on=request.step_due_on + timedelta(days=1)
    )


def fee_unpaid(kind: str, received_on: date):
    request = register(kind, received_on)
    fee = disclosure.request_fee_notice(
        request=request, method="per_volume", quantity=60, notice_on=received_on, actor=None
    )
    return disclosure.request_fee_lapse(request=request, on=fee.pay_by + timedelta(days=1))


def fee_paid_and_replied(kind: str, received_on: date, paid_on: date, replied_on: date):
    request = register(kind, received_on)
    fee = disclosure.request_fee_notice(
        request=request, method="per_volume", quantity=60, notice_on=received_on, actor=None
    )
    disclosure.request_fee_paid(request=request, paid_on=paid_on, actor=None)
    request.refresh_from_db()
    disclosure.request_reply(
        request=request,
        outcome="disclose",
        reply_text="予以公开。",
        replied_on=replied_on,
        actor=None,
    )
    return request, fee
