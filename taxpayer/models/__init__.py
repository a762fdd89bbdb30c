from taxpayer.models.appointments import (
    Appointment,
    AppointmentEvent,
    AppointmentProposal,
    AppointmentStatus,
    AppointmentSubject,
    PeakPeriod,
    ProposalKind,
    ProposalStatus,
    ServiceHall,
)
from taxpayer.models.common import AuditLog, NumberSequence
from taxpayer.models.matters import (
    ANSWERED_STATUSES,
    OPEN_STATUSES,
    Matter,
    MatterEvent,
    MatterKind,
    MatterStatus,
    Outcome,
)
from taxpayer.models.overtime import CompensatoryLeave, OvertimeRecord
from taxpayer.models.pages import TaxpayerServiceIndexPage, TaxpayerSettings
from taxpayer.models.ratings import FollowUpStatus, RatedKind, Rating

__all__ = [
    "ANSWERED_STATUSES",
    "OPEN_STATUSES",
    "Appointment",
    "AppointmentEvent",
    "AppointmentProposal",
    "AppointmentStatus",
    "AppointmentSubject",
    "AuditLog",
    "CompensatoryLeave",
    "FollowUpStatus",
    "Matter",
    "MatterEvent",
    "MatterKind",
    "MatterStatus",
    "NumberSequence",
    "Outcome",
    "OvertimeRecord",
    "PeakPeriod",
    "ProposalKind",
    "ProposalStatus",
    "RatedKind",
    "Rating",
    "ServiceHall",
    "TaxpayerServiceIndexPage",
    "TaxpayerSettings",
]
