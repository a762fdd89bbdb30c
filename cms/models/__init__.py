from cms.models.base import ColumnIndexPage, DisclosureGuidePage, StandardPage
from cms.models.consultation import ConsultationIndexPage
from cms.models.disclosure import DisclosureRequestIndexPage
from cms.models.home import DisclosureIndexPage, HomePage, StatutoryContentIndexPage
from cms.models.lists import PowerListIndexPage, ServiceGuideIndexPage, TaskListIndexPage
from cms.models.media import PortalDocument, PortalImage, PortalRendition
from cms.models.policy import (
    Citation,
    InterpretationIndexPage,
    InterpretationPage,
    IssuingAuthority,
    PolicyAttachment,
    PolicyDocumentPage,
    PolicyIndexPage,
    PolicyTaxTag,
    ValidityChange,
)
from cms.models.reports import AnnualReportIndexPage
from cms.models.site_settings import PortalSettings

__all__ = [
    "Citation",
    "InterpretationPage",
    "IssuingAuthority",
    "PolicyAttachment",
    "PolicyTaxTag",
    "PolicyDocumentPage",
    "ValidityChange",
    "AnnualReportIndexPage",
    "ColumnIndexPage",
    "ConsultationIndexPage",
    "DisclosureGuidePage",
    "DisclosureIndexPage",
    "DisclosureRequestIndexPage",
    "HomePage",
    "InterpretationIndexPage",
    "PolicyIndexPage",
    "PortalDocument",
    "PortalImage",
    "PortalRendition",
    "PortalSettings",
    "PowerListIndexPage",
    "ServiceGuideIndexPage",
    "StandardPage",
    "StatutoryContentIndexPage",
    "TaskListIndexPage",
]
