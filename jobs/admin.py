from django.contrib import admin

from .models import BackgroundJob


@admin.register(BackgroundJob)
class BackgroundJobAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "status", "progress", "created_at", "expires_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "owner__username", "owner__last_name"]
    readonly_fields = [f.name for f in BackgroundJob._meta.fields]

    def has_add_permission(self, request):
        return False
