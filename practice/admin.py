from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AttendanceMark,
    AttestationResult,
    AttestationSheet,
    AttestationWork,
    Competency,
    ControlPoint,
    Employment,
    Placement,
    PracticePeriod,
    Profession,
    ProfessionalModule,
    SiteVisit,
    Specialty,
    Student,
    StudentGroup,
)


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(StudentGroup)
class StudentGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "specialty", "course", "admission_year")
    list_filter = ("specialty", "course")
    search_fields = ("name",)


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "middle_name", "group", "status", "graduated_on")
    list_filter = ("status", "group__specialty", "group")
    search_fields = ("last_name", "first_name")
    list_select_related = ("group",)
    readonly_fields = ("anonymised_at",)


@admin.register(Profession)
class ProfessionAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


class CompetencyInline(admin.TabularInline):
    model = Competency
    extra = 0


@admin.register(ProfessionalModule)
class ProfessionalModuleAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "specialty")
    list_filter = ("specialty",)
    filter_horizontal = ("professions",)
    inlines = [CompetencyInline]


class ControlPointInline(admin.TabularInline):
    model = ControlPoint
    extra = 0


@admin.register(PracticePeriod)
class PracticePeriodAdmin(SimpleHistoryAdmin):
    list_display = ("group", "kind", "module", "start", "end")
    list_filter = ("kind", "group__specialty")
    filter_horizontal = ("supervisors",)
    inlines = [ControlPointInline]
    list_select_related = ("group", "module")


@admin.register(Placement)
class PlacementAdmin(SimpleHistoryAdmin):
    list_display = ("student", "period", "partner", "mentor", "status", "report_status")
    list_filter = ("status", "report_status")
    search_fields = ("student__last_name", "partner__name")
    list_select_related = ("student", "period__group", "partner", "mentor")
    raw_id_fields = ("student", "period", "partner", "mentor", "supervisor")
    # The partner's answer is given on the employer's page, not edited here.
    readonly_fields = (
        "confirmed_at",
        "confirmed_by",
        "declined_at",
        "declined_by",
        "decline_reason",
    )


@admin.register(SiteVisit)
class SiteVisitAdmin(admin.ModelAdmin):
    list_display = ("date", "partner", "teacher")
    list_select_related = ("partner", "teacher")


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):
    list_display = ["student", "status", "partner", "organisation", "date"]
    list_filter = ["status", "source"]
    list_select_related = ["student", "partner"]
    raw_id_fields = ["student", "partner"]


@admin.register(AttendanceMark)
class AttendanceMarkAdmin(admin.ModelAdmin):
    list_display = ("date", "placement", "status", "reason", "marked_by", "marked_at")
    list_filter = ("status", "reason")
    search_fields = ("placement__student__last_name", "placement__partner__name")
    date_hierarchy = "date"
    list_select_related = ("placement__student", "placement__partner", "marked_by")
    raw_id_fields = ("placement",)
    readonly_fields = ("marked_by", "marked_at")


class AttestationResultInline(admin.TabularInline):
    model = AttestationResult
    extra = 0
    raw_id_fields = ("competency",)


class AttestationWorkInline(admin.TabularInline):
    model = AttestationWork
    extra = 0


@admin.register(AttestationSheet)
class AttestationSheetAdmin(admin.ModelAdmin):
    list_display = ("placement", "status", "grade", "signer_name", "signed_at")
    list_filter = ("status", "grade")
    search_fields = ("placement__student__last_name", "placement__partner__name", "signer_name")
    list_select_related = ("placement__student", "placement__partner")
    raw_id_fields = ("placement",)
    # Who signed and when is recorded by the mentor's signature on the portal, never typed.
    readonly_fields = ("signed_by", "signer_name", "signed_at", "updated_at")
    inlines = [AttestationResultInline, AttestationWorkInline]
