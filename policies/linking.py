"""How other capabilities link to a policy document (e.g. a consultation's final document).

The library's only contract with them: which documents may be linked and the admin widget to
choose one. Model references elsewhere stay strings ("policies.PolicyDocumentPage").
"""

from django.db.models import QuerySet
from wagtail.admin.widgets import AdminPageChooser

from policies.models import PolicyDocumentPage


def linkable_policy_documents() -> QuerySet[PolicyDocumentPage]:
    """Published documents; drafts can't be linked from public pages."""
    return PolicyDocumentPage.objects.live()


def policy_document_chooser() -> AdminPageChooser:
    """A searchable chooser: the library can hold thousands of documents, too many for a select."""
    return AdminPageChooser(target_models=[PolicyDocumentPage], can_choose_root=False)
