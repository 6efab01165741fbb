"""Demo users, one or more per role, with passwords printed for the README."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import AccessEvent, User
from accounts.roles import Role
from partners.models import Contact, Partner
from partners.portal_access import create_account
from practice.models import Specialty

DEMO_PASSWORD = "kitek2026"

# username, role, (last, first, middle), position, partner name, specialty codes
USERS = [
    ("admin", Role.ADMIN, ("Администратор", "Портала", ""), "Администратор портала", None, []),
    (
        "deputy",
        Role.DEPUTY_DIRECTOR,
        ("Кравченко", "Ольга", "Викторовна"),
        "Заместитель директора по практике",
        None,
        [],
    ),
    (
        "head",
        Role.PRACTICE_HEAD,
        ("Белова", "Ирина", "Николаевна"),
        "Заведующий производственной практикой",
        None,
        ["43.02.14", "43.02.15", "38.02.04"],
    ),
    (
        "head2",
        Role.PRACTICE_HEAD,
        ("Горбунов", "Андрей", "Павлович"),
        "Заведующий производственной практикой",
        None,
        ["26.02.03", "38.02.05"],
    ),
    (
        "teacher",
        Role.TEACHER,
        ("Савельева", "Марина", "Юрьевна"),
        "Преподаватель, руководитель практики",
        None,
        [],
    ),
    (
        "employer",
        Role.EMPLOYER,
        ("Руденко", "Светлана", "Игоревна"),
        "Управляющий, наставник",
        "ООО «Сказка»",
        [],
    ),
    (
        "employer2",
        Role.EMPLOYER,
        ("Ким", "Виталий", "Олегович"),
        "Директор по персоналу",
        "ООО «Комплекс «Дворец Молодёжи»",
        [],
    ),
]


def seed(stdout=None):
    rows = []
    for username, role, (last, first, middle), position, partner_name, codes in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "last_name": last,
                "first_name": first,
                "middle_name": middle,
                "position": position,
                "email": f"{username}@kitek.local",
                "partner": Partner.objects.get(name=partner_name) if partner_name else None,
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.specialties.set(Specialty.objects.filter(code__in=codes))
        rows.append((username, user.get_role_display(), str(user.partner or "")))
    _portal_access()
    if stdout:
        stdout.write(f"\nДемо-пользователи (пароль у всех: {DEMO_PASSWORD}):")
        for username, role, partner in rows:
            stdout.write(f"  {username:<10} {role}{f' — {partner}' if partner else ''}")


# The main representative of ООО «Сказка» and a colleague invited, not yet accepted, so the
# partner card and the «Сотрудники организации» page show every access state.
MAIN_REPRESENTATIVE = "employer"


def _portal_access():
    for user in User.objects.filter(role=Role.EMPLOYER, username__in=[u[0] for u in USERS]):
        contact = Contact.objects.filter(
            partner=user.partner_id,
            last_name=user.last_name,
            first_name=user.first_name,
            user__isnull=True,
        ).first()
        if contact and not Contact.objects.filter(user=user).exists():
            contact.user = user
            contact.save(update_fields=["user"])
    main = User.objects.filter(username=MAIN_REPRESENTATIVE).first()
    if not main or main.is_main_representative:
        return
    main.is_main_representative = True
    main.save(update_fields=["is_main_representative"])
    head = User.objects.filter(username="head").first()
    _on_record(main, AccessEvent.Action.GRANTED, head, days_ago=40, note=f"на {main.email}")
    _on_record(main, AccessEvent.Action.MAIN_SET, head, days_ago=39)
    colleague = Contact.objects.filter(partner=main.partner, user__isnull=True).first()
    if colleague is None:
        return
    if not colleague.email:
        colleague.email = f"colleague{colleague.pk}@skazka-omsk.example"
        colleague.save(update_fields=["email"])
    invited = create_account(colleague)
    # Invited two days ago; no e-mail is queued for a demo address.
    invited.invited_at = timezone.now() - timedelta(days=2)
    invited.save(update_fields=["invited_at"])
    _on_record(invited, AccessEvent.Action.GRANTED, main, days_ago=2, note=f"на {invited.email}")


def _on_record(user, action, actor, days_ago, note=""):
    """The partner card's access record, as if the access had been given through the portal."""
    event = AccessEvent.record(user, action, actor, note)
    event.created_at = timezone.now() - timedelta(days=days_ago)
    event.save(update_fields=["created_at"])
