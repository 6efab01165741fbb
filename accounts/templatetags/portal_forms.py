"""``{% filter_fields filter.form %}``: a list's filter form without per-option templates."""

from django import template

from kitek_portal.filter_forms import render_fields

register = template.Library()


@register.simple_tag
def filter_fields(form, wrapper="mb-3", label="form-label"):
    return render_fields(form, wrapper, label)
