"""Import and export of the partner registry (XLSX, CSV)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import require_manager, require_staff
from kitek_portal import imports

from .filters import PartnerFilter
from .models import Partner
from .resources import REQUIRED_COLUMNS, PartnerResource, template_dataset

STASH_KEY = "partners"
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Файл",
        help_text="Excel (.xlsx) или CSV в UTF-8 с разделителем «;» или «,». "
        "Строки сопоставляются по ИНН.",
    )


@login_required
def partner_import(request):
    require_manager(request.user)
    if request.GET.get("template"):
        return _file_response(template_dataset(), "xlsx", "partners-template")
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            dataset = imports.read_dataset(form.cleaned_data["file"], REQUIRED_COLUMNS)
        except imports.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            context["preview"] = imports.preview(PartnerResource(), dataset)
            if context["preview"].is_valid:
                context["token"] = imports.stash(request, STASH_KEY, dataset)
    return render(request, "partners/import.html", context)


@login_required
@require_POST
def partner_import_confirm(request):
    require_manager(request.user)
    token = request.POST.get("token", "")
    dataset = imports.unstash(request, STASH_KEY, token)
    if dataset is None:
        messages.error(request, "Файл для импорта не найден или устарел. Загрузите его снова.")
        return redirect("partners:import")
    result, failed = imports.apply(PartnerResource(), dataset)
    imports.discard(request, STASH_KEY, token)
    if failed:
        context = {"form": UploadForm(), "preview": failed, "failed": True}
        return render(request, "partners/import.html", context)
    totals = result.totals
    messages.success(
        request,
        f"Импортировано: создано {totals['new']}, обновлено {totals['update']}, "
        f"без изменений {totals['skip']}.",
    )
    return redirect("partners:list")


@login_required
def partner_export(request):
    require_staff(request.user)
    file_format = request.GET.get("format", "xlsx")
    if file_format not in CONTENT_TYPES:
        file_format = "xlsx"
    resource = PartnerResource()
    partners = Partner.objects.for_user(request.user).prefetch_related(
        "sectors", "specialties", "cooperation_forms"
    )
    queryset = PartnerFilter(request.GET, queryset=partners.order_by("name")).qs
    return _file_response(resource.export(queryset), file_format, "partners")


def _file_response(dataset, file_format, name):
    content = dataset.export(file_format)
    if file_format == "csv":
        content = "\ufeff" + content  # Excel opens a UTF-8 CSV with a BOM correctly
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
