from django.contrib import admin

from .models import Announcement, SpecialtyChat


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "audience", "published_at", "author")
    list_filter = ("kind", "audience")
    search_fields = ("title", "text")
    readonly_fields = ("published_at", "created_at")


@admin.register(SpecialtyChat)
class SpecialtyChatAdmin(admin.ModelAdmin):
    list_display = ("specialty", "chat_id", "linked_by", "linked_at")
