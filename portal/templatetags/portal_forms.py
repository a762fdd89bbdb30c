"""Form rendering helper for public templates: the phone keypad for a phone field.

Templates of any app can use it without the app's form code changing: a field rendered with
`as_phone_input` is an <input type="tel"> (phone keypad on mobiles); the value is unchanged.
Django itself links help text (aria-describedby "<id>_helptext") and marks errors (aria-invalid).
"""

import copy

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def as_phone_input(field: BoundField):
    widget = copy.copy(field.field.widget)
    if hasattr(widget, "input_type"):
        widget.input_type = "tel"
    return field.as_widget(widget=widget, attrs={"inputmode": "tel", "autocomplete": "tel"})
