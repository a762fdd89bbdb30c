"""The agency and the disclosure office for every template (footer, header, contact boxes)."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from lists.organisations import agency, disclosure_office


def organisations(request: HttpRequest) -> dict:
    """Lazy: a page that never shows a contact never queries for one."""
    return {
        "agency": SimpleLazyObject(agency),
        "disclosure_office": SimpleLazyObject(disclosure_office),
    }
