from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors
from .roles import Role


@login_required
def dashboard(request):
    user = request.user
    if user.is_employer:
        context = {"partner": user.partner, "colleagues": selectors.colleagues(user)}
        return render(request, "dashboard/employer.html", context)
    context = {"counts": selectors.college_counts(user)}
    if user.role == Role.PRACTICE_HEAD:
        context["my_specialties"] = selectors.specialties_with_counts(user, only_mine=True)
    else:
        context["specialties"] = selectors.specialties_with_counts(user)
        context["practice_heads"] = selectors.practice_heads()
    return render(request, "dashboard/staff.html", context)
