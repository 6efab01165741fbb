from django.urls import reverse

from .roles import Role

STAFF = {"deputy", "head", "teacher", "admin"}
MANAGERS = {"deputy", "head", "admin"}

# (label, url name, icon, roles that see it); a group is (label, None, icon, [its items]) and
# shows as a drop-down menu of the items the user may see.
_NAVIGATION = [
    ("Главная", "dashboard", "house", None),
    ("Партнёры", "partners:list", "building", STAFF),
    ("Договоры", "agreements:list", "file-earmark-text", STAFF),
    ("Встречи", "meetings:list", "people-fill", None),
    ("Объявления", "announcements:list", "megaphone", None),
    ("Библиотека", "library:list", "journal-text", None),
    ("Вакансии", "partners:vacancy_list", "briefcase", None),
    (
        "Практика",
        None,
        "calendar3",
        [
            ("Периоды и распределение", "practice:period_list", "calendar3", STAFF),
            ("График дислокации", "practice:schedule", "table", STAFF),
            ("Группы", "practice:group_list", "people", STAFF),
            ("Посещения баз", "practice:visit_list", "geo-alt", STAFF),
            ("Выпускники", "practice:employment_list", "mortarboard", STAFF),
        ],
    ),
    (
        "Справочники",
        None,
        "journal-bookmark",
        [
            ("Специальности", "practice:specialties_list", "mortarboard", STAFF),
            ("Профессиональные модули", "practice:modules_list", "journal-text", STAFF),
            ("Профессии и должности", "practice:professions_list", "person-badge", STAFF),
            ("Отрасли", "partners:sectors_list", "diagram-3", STAFF),
            ("Формы сотрудничества", "partners:cooperation_forms_list", "link-45deg", STAFF),
        ],
    ),
    ("Практиканты", "practice:my_students", "mortarboard", {"employer"}),
    ("Посещаемость", "practice:attendance_day", "calendar-check", {"employer"}),
    ("Аттестационные листы", "practice:attestation_list", "clipboard-check", {"employer"}),
    ("Участие", "partners:participation_list", "award", {"employer"}),
    ("Договоры", "agreements:partner_list", "file-earmark-text", {"employer"}),
    (
        "Мониторинг",
        None,
        "graph-up",
        [
            ("Показатели", "monitoring:indicators", "graph-up", STAFF),
            ("План работы", "monitoring:plan_current", "list-check", STAFF),
            ("Отчёты", "monitoring:reports", "file-earmark-bar-graph", MANAGERS),
            ("Участие работодателей", "partners:participation_list", "award", STAFF),
            ("Рекомендации работодателей", "meetings:recommendation_list", "chat-square", STAFF),
            ("Журнал ПДн", "personal_data_log", "shield-lock", {"deputy", "admin"}),
            ("Сотрудники колледжа", "staff_list", "person-badge", {"deputy", "admin"}),
        ],
    ),
]


def _visible(entries, user):
    items = []
    for label, name, icon, roles in entries:
        if name is None:  # a group
            children = _visible(roles, user)
            if children:
                urls = [c["url"] for c in children]
                items.append({"label": label, "icon": icon, "children": children, "urls": urls})
        elif roles is None or user.role in roles:
            items.append({"label": label, "url": reverse(name), "icon": icon})
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    items = _visible(_NAVIGATION, user)
    if user.is_employer:
        url = reverse("partners:detail", args=[user.partner_id])
        items.insert(1, {"label": "Моя организация", "url": url, "icon": "building"})
        if user.can_invite_colleagues:
            url = reverse("partners:team")
            items.insert(2, {"label": "Сотрудники организации", "url": url, "icon": "people"})
    if user.is_staff and user.role == Role.ADMIN:
        items.append({"label": "Администрирование", "url": reverse("admin:index"), "icon": "gear"})
    return {"nav_items": items}
