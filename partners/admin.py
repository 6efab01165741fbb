from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contact, CooperationForm, Interaction, Participation, Partner, Sector, Vacancy
from .resources import PartnerResource


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Partner)
class PartnerAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [PartnerResource]
    list_display = ("name", "inn", "city", "status", "stage", "responsible")
    list_filter = ("status", "stage", "country", "sectors")
    search_fields = ("name", "short_name", "inn")
    filter_horizontal = ("sectors", "specialties", "cooperation_forms")
    inlines = [ContactInline]
    list_select_related = ("responsible",)


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(CooperationForm)
class CooperationFormAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")
    list_editable = ("order",)


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ("date", "partner", "channel", "author", "next_step_due", "next_step_done")
    list_filter = ("channel", "next_step_done")
    search_fields = ("partner__name", "summary")
    list_select_related = ("partner", "author")


@admin.register(Vacancy)
class VacancyAdmin(SimpleHistoryAdmin):
    list_display = ("position", "partner", "specialty", "places", "status")
    list_filter = ("status", "specialty")
    search_fields = ("position", "partner__name")
    list_select_related = ("partner", "specialty")


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "title", "partner", "role"]
    list_filter = ["kind", "role"]
    list_select_related = ["partner"]
    search_fields = ["title", "partner__name"]
    autocomplete_fields = ["partner"]
    raw_id_fields = ["contacts", "group"]
