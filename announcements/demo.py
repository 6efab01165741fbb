"""Demo announcements (announcements/demo/announcements.json): a round table for one
specialty's partners, a news item for all, a request for mentors to one sector, a draft."""

import datetime
import json
from pathlib import Path

from django.utils import timezone

from accounts.models import User
from partners.models import Sector
from practice.models import Specialty

from .models import Announcement, AnnouncementRead

DATA = Path(__file__).resolve().parent / "demo" / "announcements.json"


def seed(stdout=None):
    if Announcement.objects.exists():
        return
    author = User.objects.filter(username="head").first()
    now = timezone.now()
    created = 0
    for row in json.loads(DATA.read_text(encoding="utf-8")):
        announcement = Announcement(
            title=row["title"],
            kind=row["kind"],
            text=row["text"],
            audience=row["audience"],
            place=row.get("place", ""),
            author=author,
        )
        if "specialty" in row:
            announcement.specialty = Specialty.objects.filter(code=row["specialty"]).first()
        if "sector" in row:
            announcement.sector = Sector.objects.filter(name=row["sector"]).first()
        if (row["audience"] == "specialty" and not announcement.specialty) or (
            row["audience"] == "sector" and not announcement.sector
        ):
            continue  # the reference data it targets is not seeded
        if "event_days" in row:
            day = timezone.localdate() + datetime.timedelta(days=row["event_days"])
            time = datetime.time.fromisoformat(row["event_time"])
            announcement.event_at = timezone.make_aware(datetime.datetime.combine(day, time))
        if "published_days_ago" in row:
            # Published as data: the demo queues no e-mails.
            announcement.published_at = now - datetime.timedelta(days=row["published_days_ago"])
        announcement.save()
        created += 1
        for username in row.get("read_by", []):
            user = User.objects.filter(username=username).first()
            if user:
                AnnouncementRead.objects.create(announcement=announcement, user=user)
    if stdout:
        stdout.write(f"Объявления для партнёров: {created}")
