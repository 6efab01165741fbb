from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
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
