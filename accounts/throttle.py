"""Counting requests per key in the cache (Redis in production), for rate limits."""

import hashlib
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)
PREFIX = "throttle"


def over_limit(kind, value, limit, window_seconds):
    """Count one more request for (kind, value); True once more than ``limit`` came in the
    window that started with the first of them. Values are hashed: no e-mail in the cache.

    A cache outage never blocks anybody: the request is let through and logged.
    """
    digest = hashlib.sha256(str(value).lower().encode()).hexdigest()[:32]
    key = f"{PREFIX}:{kind}:{digest}"
    try:
        cache.add(key, 0, timeout=window_seconds)
        count = cache.incr(key)
    except Exception:  # Redis down or the key expired between add and incr
        logger.warning("Rate limit for %s not checked: cache unavailable", kind, exc_info=True)
        return False
    return count > limit
