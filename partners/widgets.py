"""A partner chosen through the search box instead of a <select> of the whole registry."""

from django import forms
from django.urls import reverse_lazy


class PartnerSearchMixin:
    """Renders only the chosen options; ``static/js/partner-search.js`` turns the <select>
    into a search box that asks the search endpoint (JSON) for the others."""

    search_attr = "data-partner-search"
    search_url = reverse_lazy("practice:partner_search")

    def __init__(self, attrs=None):
        super().__init__({self.search_attr: self.search_url, **(attrs or {})})

    def optgroups(self, name, value, attrs=None):
        chosen = [int(v) for v in value if str(v).isdigit()]
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is not None:
            empty = [("", choices.field.empty_label)] if choices.field.empty_label else []
            self.choices = empty + [(o.pk, str(o)) for o in queryset.filter(pk__in=chosen)]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = choices


class PartnerSearchSelect(PartnerSearchMixin, forms.Select):
    pass


class PartnerSearchSelectMultiple(PartnerSearchMixin, forms.SelectMultiple):
    pass


class StudentSearchSelect(PartnerSearchMixin, forms.Select):
    """A student chosen through the search box instead of a <select> of every student."""

    search_attr = "data-search"
    search_url = reverse_lazy("practice:student_search")


class ContactSearchSelectMultiple(PartnerSearchMixin, forms.SelectMultiple):
    """Contacts (with an e-mail) chosen through the search box."""

    search_attr = "data-search"
    search_url = reverse_lazy("partners:contact_search")
