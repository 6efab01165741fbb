from django.contrib import admin

from .models import PlanEvidence, PlanItem, WorkPlan


class PlanItemInline(admin.StackedInline):
    model = PlanItem
    extra = 0
    filter_horizontal = ["responsible"]


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "status", "approved_at"]
    inlines = [PlanItemInline]


@admin.register(PlanEvidence)
class PlanEvidenceAdmin(admin.ModelAdmin):
    list_display = ["item", "done_on", "added_by"]
    list_select_related = ["item", "added_by"]
