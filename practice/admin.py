from django.contrib import admin

from .models import Specialty, Student, StudentGroup


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
    list_display = ("last_name", "first_name", "middle_name", "group", "status")
    list_filter = ("status", "group__specialty", "group")
    search_fields = ("last_name", "first_name")
    list_select_related = ("group",)
