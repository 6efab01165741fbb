from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import OutgoingEmail, User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "email", "role", "partner", "is_active")
    list_filter = ("role", "is_active", "specialties")
    search_fields = ("username", "email", "last_name", "first_name", "partner__name")
    autocomplete_fields = ("partner",)
    filter_horizontal = ("specialties", "groups", "user_permissions")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            "ФИО и контакты",
            {"fields": ("last_name", "first_name", "middle_name", "email", "phone")},
        ),
        ("Роль", {"fields": ("role", "position", "partner", "specialties")}),
        (
            "Права",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Даты", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        (
            "ФИО и роль",
            {"fields": ("last_name", "first_name", "middle_name", "email", "role", "partner")},
        ),
    )


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "to", "subject", "status", "attempts", "sent_at")
    list_filter = ("status",)
    search_fields = ("to", "subject")
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]
