from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, AgreementQuota


class QuotaInline(admin.TabularInline):
    model = AgreementQuota
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ("number", "partner", "kind", "valid_from", "valid_to", "status")
    list_filter = ("status", "kind")
    search_fields = ("number", "partner__name")
    list_select_related = ("partner",)
    filter_horizontal = ("specialties", "modules")
    raw_id_fields = ("partner", "student", "responsible")
    inlines = [QuotaInline]
