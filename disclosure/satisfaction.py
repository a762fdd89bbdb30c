"""The satisfaction interface: how 好差评 (taxpayer services) learns that a disclosure request
may be rated, without reading the ledger itself.

A request may be rated once it has been answered (已答复 or 已办结归档), by the applicant only:
either the browser session that opened it on the tracking page, or 申请编号 + 查询码.
"""

from dataclasses import dataclass
from datetime import date

from disclosure.models import DisclosureRequest, Status
from disclosure.services import tracking_code_hash
from disclosure.views import TRACKED_SESSION_KEY

RATEABLE_STATUSES = (Status.REPLIED, Status.ARCHIVED)


@dataclass(frozen=True)
class AnsweredRequest:
    number: str  # 申请编号
    answered_on: date  # 答复（办结）日期
    outcome: str  # 办理结果 as shown to the applicant


def _answered(request: DisclosureRequest | None) -> AnsweredRequest | None:
    if request is None or request.status not in RATEABLE_STATUSES or request.closed_on is None:
        return None
    return AnsweredRequest(
        number=request.number,
        answered_on=request.closed_on,
        outcome=request.get_outcome_display() if request.outcome else "",
    )


def answered_request(number: str, code: str) -> AnsweredRequest | None:
    """The answered request with this 申请编号 whose 查询码 matches, else None."""
    request = DisclosureRequest.objects.filter(number=(number or "").strip().upper()).first()
    if request is None or request.tracking_code_hash != tracking_code_hash(code or ""):
        return None
    return _answered(request)


def tracked_answered_request(session) -> AnsweredRequest | None:
    """The answered request this browser session opened on the tracking page, if any."""
    pk = session.get(TRACKED_SESSION_KEY)
    return _answered(DisclosureRequest.objects.filter(pk=pk).first()) if pk else None
