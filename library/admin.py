from django.contrib import admin

from .models import Comment, Document, ReadReceipt, Version


class VersionInline(admin.TabularInline):
    model = Version
    extra = 0
    fields = ("number", "file", "note", "uploaded_by", "uploaded_at")
    raw_id_fields = ("uploaded_by",)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "specialty", "module", "audience", "partner")
    list_filter = ("kind", "audience")
    list_select_related = ("specialty", "module", "partner")
    search_fields = ("title",)
    raw_id_fields = ("partner", "current_version", "created_by")
    inlines = [VersionInline]


@admin.register(ReadReceipt)
class ReadReceiptAdmin(admin.ModelAdmin):
    list_display = ("version", "user", "first_opened_at")
    list_select_related = ("version__document", "user")
    raw_id_fields = ("version", "user")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("text", "document", "author", "created_at")
    list_select_related = ("document", "author")
    raw_id_fields = ("document", "author", "recommendation")
