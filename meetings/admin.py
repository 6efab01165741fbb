from django.contrib import admin

from .models import AgendaItem, Decision, Invitation, Meeting, Recommendation


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    raw_id_fields = ("partner", "contact", "user")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("starts_at", "kind", "topic", "format", "status")
    list_filter = ("kind", "status", "format")
    search_fields = ("topic",)
    inlines = [AgendaInline, InvitationInline]
    raw_id_fields = ("organizer", "chair", "secretary", "minutes_approved_by")


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("text", "responsible", "deadline", "done_at")
    list_select_related = ("responsible",)


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("text", "partner", "status", "deadline")
    list_filter = ("status",)
    list_select_related = ("partner",)
