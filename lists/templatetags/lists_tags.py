"""Template access to the one record of the disclosure office, for pages owned elsewhere."""

from django import template

from lists.selectors import disclosure_office as _disclosure_office

register = template.Library()


@register.simple_tag
def disclosure_office():
    """`{% disclosure_office as office %}`: the 政府信息公开工作机构 unit, or None."""
    return _disclosure_office()
