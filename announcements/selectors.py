from .models import Announcement

DASHBOARD_ITEMS = 3


def latest_announcements(user):
    """The newest announcements for the employer dashboard and how many are unread
    (two queries)."""
    visible = Announcement.objects.for_user(user)
    newest = list(visible.with_read(user).order_by("-published_at", "-pk")[:DASHBOARD_ITEMS])
    unread = visible.exclude(reads__user=user).count()
    return {"announcements": newest, "announcements_unread": unread}
