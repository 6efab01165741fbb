"""The demo library: the ПМ.05 programme in two versions, methodological instructions and
a memo for mentors, read by some employers, with one proposed correction.

The documents are described in ``demo/documents.json``; their files lie beside it."""

import json
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from practice.models import PracticePeriod, ProfessionalModule, Specialty

from . import services
from .models import Comment, Document, ReadReceipt, Version

DEMO = Path(__file__).with_name("demo")


def seed(stdout=None):
    if Document.objects.exists():
        return
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    head = users.get("head")
    now = timezone.now()
    for row in json.loads((DEMO / "documents.json").read_text(encoding="utf-8")):
        specialty = Specialty.objects.filter(code=row["specialty"]).first()
        module = None
        if specialty and row["module"]:
            module = ProfessionalModule.objects.filter(
                specialty=specialty, code=row["module"]
            ).first()
        document = Document.objects.create(
            kind=row["kind"],
            title=row["title"],
            specialty=specialty,
            module=module,
            audience=row["audience"] if specialty or row["audience"] != "specialty" else "all",
            created_by=head,
        )
        versions = {}
        for number, spec in enumerate(row["versions"], start=1):
            version = Version(
                document=document,
                number=number,
                note=spec["note"],
                uploaded_by=head,
                uploaded_at=now - timedelta(days=spec["days_ago"]),
            )
            content = (DEMO / spec["file"]).read_bytes()
            version.file.save(spec["file"], ContentFile(content), save=False)
            version.save()
            versions[number] = version
        document.current_version = versions[max(versions)]
        document.save(update_fields=["current_version"])
        for username, number in row["readers"]:
            if username in users:
                ReadReceipt.objects.create(
                    version=versions[number],
                    user=users[username],
                    first_opened_at=versions[number].uploaded_at + timedelta(days=2),
                )
        for comment in row["comments"]:
            author = users.get(comment["author"])
            if author:
                services.add_comment(document, author, comment["text"], comment.get("correction"))
        if row["link_periods"] and module:
            periods = PracticePeriod.objects.filter(module=module)
            periods.update(**{f"{row['link_periods']}_document": document})
        elif row["link_periods"] and specialty:
            periods = PracticePeriod.objects.filter(group__specialty=specialty)
            periods.update(**{f"{row['link_periods']}_document": document})
    if stdout:
        stdout.write(
            f"Документов в библиотеке: {Document.objects.count()}, "
            f"комментариев: {Comment.objects.count()}"
        )
