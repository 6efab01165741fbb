from django.urls import reverse

from .roles import Role

# (label, url name, icon, roles that see it)
_NAVIGATION = [
    ("Главная", "dashboard", "house", None),
    ("Партнёры", "partners:list", "building", {"deputy", "head", "teacher", "admin"}),
    ("Договоры", "agreements:list", "file-earmark-text", {"deputy", "head", "teacher", "admin"}),
    ("Встречи", "meetings:list", "people-fill", None),
    ("Вакансии", "partners:vacancy_list", "briefcase", None),
    ("Практика", "practice:period_list", "calendar3", {"deputy", "head", "teacher", "admin"}),
    ("График", "practice:schedule", "table", {"deputy", "head", "teacher", "admin"}),
    ("Группы", "practice:group_list", "people", {"deputy", "head", "teacher", "admin"}),
    ("Посещения", "practice:visit_list", "geo-alt", {"deputy", "head", "teacher", "admin"}),
    ("План", "monitoring:plan_current", "list-check", {"deputy", "head", "teacher", "admin"}),
    ("Показатели", "monitoring:indicators", "graph-up", {"deputy", "head", "teacher", "admin"}),
    ("Отчёты", "monitoring:reports", "file-earmark-bar-graph", {"deputy", "head", "admin"}),
    ("Практиканты", "practice:my_students", "mortarboard", {"employer"}),
    ("Журнал ПДн", "personal_data_log", "shield-lock", {"deputy", "admin"}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    items = [
        {"label": label, "url": reverse(name), "icon": icon}
        for label, name, icon, roles in _NAVIGATION
        if roles is None or user.role in roles
    ]
    if user.is_employer:
        url = reverse("partners:detail", args=[user.partner_id])
        items.insert(1, {"label": "Моя организация", "url": url, "icon": "building"})
    if user.is_staff and user.role == Role.ADMIN:
        items.append({"label": "Администрирование", "url": reverse("admin:index"), "icon": "gear"})
    return {"nav_items": items}
