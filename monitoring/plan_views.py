"""The annual plan: the year's items against what was done, evidence, copy, approval."""

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404, require_manager, require_staff
from accounts.roles import Role
from kitek_portal.imports import dataset_response
from kitek_portal.pdf import pdf_response

from . import plan as plans
from .forms import EvidenceForm
from .models import PlanEvidence, PlanItem, WorkPlan


@login_required
def plan_current(request):
    require_staff(request.user)
    years = list(WorkPlan.objects.for_user(request.user).values_list("year", flat=True))
    current = plans.current_school_year()
    if not years:
        return render(request, "monitoring/plan_empty.html", {"year": current})
    return redirect("monitoring:plan", year=current if current in years else years[0])


@login_required
def plan_detail(request, year):
    require_staff(request.user)
    plan = get_for_user_or_404(plans.plan_with_items(), request.user, year=year)
    progress = plans.plan_progress(plan)
    context = {
        "plan": plan,
        "sections": _sections(progress),
        "completion": plans.completion(progress),
        "years": WorkPlan.objects.for_user(request.user).values_list("year", flat=True),
        "can_manage": request.user.can_manage,
        "can_approve": request.user.role in (Role.DEPUTY_DIRECTOR, Role.ADMIN),
        "next_exists": WorkPlan.objects.filter(year=plan.year + 1).exists(),
    }
    return render(request, "monitoring/plan_detail.html", context)


@login_required
def plan_item(request, pk):
    require_staff(request.user)
    item = get_for_user_or_404(
        PlanItem.objects.select_related("plan").prefetch_related("responsible", "manual_evidence"),
        request.user,
        pk=pk,
    )
    may_confirm = request.user.can_manage or request.user in item.responsible.all()
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_confirm:
            raise PermissionDenied(
                "Подтверждать пункт может ответственный или заведующий практикой."
            )
        if form.is_valid():
            evidence = form.save(commit=False)
            evidence.item, evidence.added_by = item, request.user
            evidence.save()
            messages.success(request, "Подтверждение выполнения добавлено.")
            return redirect(item)
    entry = plans.plan_progress(item.plan, items=[item])[0]
    return render(
        request,
        "monitoring/plan_item.html",
        {"item": item, "entry": entry, "form": form, "may_confirm": may_confirm},
    )


@require_POST
@login_required
def plan_copy(request, year):
    require_manager(request.user)
    plan = get_for_user_or_404(
        WorkPlan.objects.prefetch_related("items__responsible"), request.user, year=year
    )
    try:
        with transaction.atomic():
            new_plan = plans.copy_to_next_year(plan)
    except IntegrityError:
        messages.error(request, f"План на {plan.year + 1}/{plan.year + 2} учебный год уже есть.")
        return redirect(plan)
    messages.success(request, f"Создан проект плана на {new_plan.school_year_label} учебный год.")
    return redirect(new_plan)


@require_POST
@login_required
def plan_approve(request, year):
    if request.user.role not in (Role.DEPUTY_DIRECTOR, Role.ADMIN):
        raise PermissionDenied("Утверждает план заместитель директора.")
    plan = get_for_user_or_404(WorkPlan, request.user, year=year)
    plan.status, plan.approved_by, plan.approved_at = "approved", request.user, timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at"])
    messages.success(request, "План утверждён.")
    return redirect(plan)


@login_required
def evidence_file(request, pk):
    require_staff(request.user)
    evidence = get_for_user_or_404(PlanEvidence, request.user, pk=pk)
    if not evidence.file:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True)


def _sections(progress):
    sections = {}
    for entry in progress:
        sections.setdefault(entry.item.get_section_display(), []).append(entry)
    return sections


@login_required
def plan_pdf(request, year):
    """The plan for approval («УТВЕРЖДАЮ»), or with ``?fact=1`` the year-end plan and fact."""
    require_staff(request.user)
    plan = get_for_user_or_404(plans.plan_with_items(), request.user, year=year)
    progress = plans.plan_progress(plan)
    fact = request.GET.get("fact") == "1"
    context = {
        "plan": plan,
        "sections": _sections(progress),
        "fact": fact,
        "completion": plans.completion(progress),
    }
    name = f"plan-{plan.year}{'-fakt' if fact else ''}.pdf"
    return pdf_response("monitoring/pdf/plan.html", context, name, request)


@login_required
def plan_xlsx(request, year):
    """The year-end plan and fact as a spreadsheet."""
    require_staff(request.user)
    plan = get_for_user_or_404(plans.plan_with_items(), request.user, year=year)
    data = tablib.Dataset(
        headers=["Раздел", "Содержание", "Сроки", "Ответственный", "Ожидаемый результат",
                 "Состояние", "Выполнено сроков", "Всего сроков", "Что найдено"],
        title=f"План {plan.school_year_label}".replace("/", "-"),
    )  # fmt: skip
    for entry in plans.plan_progress(plan):
        item = entry.item
        data.append(
            [
                item.get_section_display(),
                item.content,
                item.deadline_display,
                item.responsible_text,
                item.expected_result,
                entry.state_label,
                entry.done_count,
                len(entry.occurrences),
                "; ".join(f"{o.label}: {o.evidence}" for o in entry.occurrences if o.evidence),
            ]
        )
    return dataset_response(data, "xlsx", f"plan-fakt-{plan.year}")
