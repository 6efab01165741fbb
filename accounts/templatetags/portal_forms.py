"""``{% form_fields form %}``: a form's fields as Bootstrap controls, rendered in Python
(a list's filter form with hundreds of options renders no template per option)."""

from django import template

from kitek_portal.filter_forms import render_fields

register = template.Library()


@register.simple_tag
def form_fields(form, wrapper="mb-3", label="form-label"):
    return render_fields(form, wrapper, label)
