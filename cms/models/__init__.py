from cms.models.base import ColumnIndexPage, StandardPage
from cms.models.feedback import FeedbackCategory, FeedbackStatus, SiteFeedback
from cms.models.home import DisclosureIndexPage, HomePage, StatutoryContentIndexPage
from cms.models.media import PortalDocument, PortalImage, PortalRendition
from cms.models.review import EmergencyPublication, ReviewedSnippet
from cms.models.site_settings import PortalSettings

__all__ = [
    "ColumnIndexPage",
    "DisclosureIndexPage",
    "EmergencyPublication",
    "FeedbackCategory",
    "FeedbackStatus",
    "HomePage",
    "PortalDocument",
    "PortalImage",
    "PortalRendition",
    "PortalSettings",
    "ReviewedSnippet",
    "SiteFeedback",
    "StandardPage",
    "StatutoryContentIndexPage",
]
