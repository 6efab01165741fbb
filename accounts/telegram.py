"""The Telegram Bot API over plain HTTP (httpx): sending, and what the bot is told.

Messages go out through the outbox (``accounts.mail``), like e-mail; this module only
makes the HTTP call and classifies its failure, and handles the updates Telegram posts to
the webhook (``/start <token>`` links a user's chat, ``/id`` tells a group its chat id).
"""

import hashlib
import logging
import secrets
from datetime import timedelta

import httpx
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

# Telegram refuses longer texts.
MAX_TEXT = 4096
LINKED_REPLY = "Уведомления портала КИТЭК подключены."
UNKNOWN_TOKEN_REPLY = (
    "Ссылка не подошла: она устарела или уже использована. Откройте на портале страницу "
    "«Уведомления» и нажмите «Подключить Telegram» ещё раз."
)
HELLO_REPLY = (
    "Это бот портала практики КИТЭК. Чтобы получать уведомления, откройте на портале "
    "страницу «Уведомления» и нажмите «Подключить Telegram»."
)


class TelegramError(Exception):
    """A failed Bot API call. ``permanent``: retrying cannot help (chat not found, bot
    blocked); ``retry_after``: Telegram asked to wait this many seconds (429)."""

    def __init__(self, message, status=None, retry_after=None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after

    @property
    def permanent(self):
        return self.status in (400, 403)


def call(method, payload):
    """POST one Bot API method; returns its ``result`` or raises ``TelegramError``."""
    if not settings.TELEGRAM_BOT_TOKEN:
        raise TelegramError("Telegram выключен: TELEGRAM_BOT_TOKEN не задан")
    url = f"{settings.TELEGRAM_API_URL}/bot{settings.TELEGRAM_BOT_TOKEN}/{method}"
    try:
        response = httpx.post(url, json=payload, timeout=settings.TELEGRAM_TIMEOUT)
    except httpx.HTTPError as exc:  # refused, timed out, DNS
        raise TelegramError(f"{type(exc).__name__}: {exc}") from exc
    try:
        data = response.json()
    except ValueError:
        data = {}
    if response.status_code == 200 and data.get("ok"):
        return data.get("result")
    description = data.get("description") or response.text[:200]
    retry_after = (data.get("parameters") or {}).get("retry_after")
    raise TelegramError(
        f"HTTP {response.status_code}: {description}",
        status=response.status_code,
        retry_after=retry_after,
    )


def send_message(chat_id, text):
    # Plain text (no parse_mode): nothing in a reminder can break the markup.
    return call(
        "sendMessage",
        {"chat_id": chat_id, "text": text[:MAX_TEXT], "disable_web_page_preview": True},
    )


def message_text(subject, body):
    """The Telegram version of an e-mail: its subject, then its plain-text body."""
    text = f"{' '.join(subject.split())}\n\n{body.strip()}"
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return text


# --- linking a user's chat ------------------------------------------------------------------


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_link(user):
    """A one-time deep link that connects ``user``'s Telegram chat; replaces any earlier one.

    The token is random and only its hash is stored: Telegram allows 64 characters of
    [A-Za-z0-9_-] in a start parameter, too few for a signed value; single use and expiry
    are kept on the user.
    """
    token = secrets.token_urlsafe(24)
    user.telegram_link_hash = _hash(token)
    user.telegram_link_expires = timezone.now() + timedelta(minutes=settings.TELEGRAM_LINK_MINUTES)
    user.save(update_fields=["telegram_link_hash", "telegram_link_expires"])
    return f"https://t.me/{settings.TELEGRAM_BOT_USERNAME}?start={token}"


def link_chat(token, chat_id):
    """Store ``chat_id`` on the user whose unexpired token this is; returns the user or None.

    The UPDATE clears the token in the same statement, so a token works once even when
    Telegram delivers the update twice.
    """
    from .models import User

    if not token:
        return None
    now = timezone.now()
    users = User.objects.filter(
        telegram_link_hash=_hash(token), telegram_link_expires__gt=now, is_active=True
    )
    user = users.first()
    if user is None:
        return None
    updated = users.filter(pk=user.pk).update(
        telegram_chat_id=str(chat_id), telegram_link_hash="", telegram_link_expires=None
    )
    return user if updated else None


def unlink(user):
    user.telegram_chat_id = ""
    user.telegram_link_hash = ""
    user.telegram_link_expires = None
    user.save(update_fields=["telegram_chat_id", "telegram_link_hash", "telegram_link_expires"])


def handle_update(update):
    """React to one update the webhook received. Replies go through the outbox, keyed by
    the update id, so an update Telegram re-sends is answered once."""
    from .mail import queue_telegram

    message = update.get("message") or {}
    chat = message.get("chat") or {}
    text = (message.get("text") or "").strip()
    chat_id = chat.get("id")
    if chat_id is None or not text.startswith("/"):
        return None
    command, _, argument = text.partition(" ")
    command = command.split("@")[0].lower()  # «/id@kitek_bot» in groups
    reply = None
    if command == "/start" and chat.get("type") == "private":
        if not argument.strip():
            reply = HELLO_REPLY
        elif link_chat(argument.strip(), chat_id):
            reply = LINKED_REPLY
        else:
            reply = UNKNOWN_TOKEN_REPLY
    elif command in ("/id", "/chatid"):
        reply = f"Идентификатор этого чата: {chat_id}"
    if reply:
        queue_telegram(chat_id, reply, dedup_key=f"tg-update:{update.get('update_id')}")
    return reply
