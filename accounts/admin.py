from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin

from . import mail
from .models import AccessEvent, OutgoingEmail, PersonalDataAccess, User


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
        (
            "Роль",
            {
                "fields": (
                    "role",
                    "position",
                    "partner",
                    "is_main_representative",
                    "specialties",
                )
            },
        ),
        ("Уведомления", {"fields": ("notification_channels", "telegram_chat_id")}),
        (
            "Права",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Даты", {"fields": ("invited_at", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        (
            "ФИО и роль",
            {"fields": ("last_name", "first_name", "middle_name", "email", "role", "partner")},
        ),
    )


class AttentionFilter(admin.SimpleListFilter):
    title = "требует внимания"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("yes", "Не отправлено или задерживается"),
            ("failed", "Не отправлено"),
            ("overdue", "Задерживается больше часа"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.needing_attention()
        if self.value() == "failed":
            return queryset.failed()
        if self.value() == "overdue":
            return queryset.overdue()
        return queryset


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "channel",
        "recipient",
        "subject",
        "status",
        "attempts",
        "sent_at",
        "last_error_short",
    )
    list_filter = (AttentionFilter, "status", "channel")
    search_fields = ("to", "chat_id", "subject")
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]
    actions = ["resend"]

    @admin.display(description="получатель")
    def recipient(self, obj):
        return obj.to or f"чат {obj.chat_id}"

    @admin.display(description="ошибка")
    def last_error_short(self, obj):
        return obj.last_error[:120]

    @admin.action(description="Отправить ещё раз (неотправленные и задержавшиеся)")
    def resend(self, request, queryset):
        count = mail.resend(queryset)
        self.message_user(
            request,
            f"Поставлено в отправку писем: {count}. Отправленные письма не повторяются.",
            messages.SUCCESS if count else messages.WARNING,
        )

    def changelist_view(self, request, extra_context=None):
        state = OutgoingEmail.objects.state()
        if (state["failed"] or state["overdue"]) and request.method == "GET":
            self.message_user(
                request,
                f"Не отправлено писем: {state['failed']}, задерживаются больше часа: "
                f"{state['overdue']}. Фильтр «требует внимания» покажет их; действие "
                "«Отправить ещё раз» повторит отправку.",
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """The personal-data log: read-only, nobody adds, edits or deletes a row here."""

    list_display = ("created_at", "username", "kind", "description", "ip_address", "forwarded_for")
    list_filter = ("kind", "created_at")
    search_fields = ("username", "user__last_name", "description")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in PersonalDataAccess._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """The record of portal access changes: read-only, rows are only ever added."""

    list_display = ("created_at", "user", "action", "actor", "partner", "note")
    list_filter = ("action",)
    search_fields = ("user__last_name", "user__email", "partner__name")
    list_select_related = ("user", "actor", "partner")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
