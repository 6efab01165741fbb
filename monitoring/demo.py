"""The demo plan: Table 4 of the college's document as the current school year's plan."""

import json
from pathlib import Path

from accounts.models import User

from .models import PlanItem, WorkPlan
from .plan import current_school_year

TABLE4 = Path(__file__).with_name("demo") / "table4.json"


def load_table4(plan):
    """Add the items of Table 4 to a plan, responsible users found by role."""
    rows = json.loads(TABLE4.read_text(encoding="utf-8"))
    users_by_role = {}
    for user in User.objects.filter(is_active=True, role__in=["head", "deputy"]):
        users_by_role.setdefault(user.role, []).append(user)
    for position, row in enumerate(rows, start=1):
        roles = row.pop("roles")
        item = PlanItem.objects.create(plan=plan, position=position, **row)
        item.responsible.set([u for role in roles for u in users_by_role.get(role, [])])


def seed(stdout=None):
    year = current_school_year()
    if WorkPlan.objects.filter(year=year).exists():
        return
    plan = WorkPlan.objects.create(year=year)
    load_table4(plan)
    if stdout:
        stdout.write(f"План работы на {plan.school_year_label}: {plan.items.count()} пунктов")
