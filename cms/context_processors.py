"""Template context every public page needs: the main navigation."""

from django.http import HttpRequest

from cms.selectors import main_navigation


def navigation(request: HttpRequest) -> dict:
    return {"main_navigation": main_navigation()}
