"""A partner chosen through the search box instead of a <select> of the whole registry."""

from django import forms
from django.urls import reverse_lazy


class PartnerSearchMixin:
    """Renders only the chosen partners as options; ``static/js/partner-search.js`` turns
    the <select> into a search box that asks the partner search for the others."""

    def __init__(self, attrs=None):
        attrs = {"data-partner-search": reverse_lazy("practice:partner_search"), **(attrs or {})}
        super().__init__(attrs)

    def optgroups(self, name, value, attrs=None):
        chosen = [int(v) for v in value if str(v).isdigit()]
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is not None:
            empty = [("", choices.field.empty_label)] if choices.field.empty_label else []
            self.choices = empty + [(p.pk, str(p)) for p in queryset.filter(pk__in=chosen)]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = choices


class PartnerSearchSelect(PartnerSearchMixin, forms.Select):
    pass


class PartnerSearchSelectMultiple(PartnerSearchMixin, forms.SelectMultiple):
    pass
