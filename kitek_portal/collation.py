"""Names sort in Russian order, on PostgreSQL and SQLite alike.

Code-point order puts «ё» after «я» (and «Ё» before «А»), so «Жёлудева» came after
«Яковлева». Name columns carry the ``russian`` collation instead:

- on PostgreSQL it is an ICU collation (``ru-RU`` with numeric ordering, so group
  «Б2» comes before «Б10»), created by ``accounts/migrations/0005_russian_collation``;
- on SQLite the same name is registered on every connection with ``sort_key`` below,
  which follows ICU's rules for what the college writes: «ё» is «е» with a mark
  (Елкин, ёлкин, Ёлкин, Жёлудева, Жукова), case only breaks ties (lower first),
  numbers compare by value, Cyrillic before Latin.

Because the collation belongs to the column, every ``order_by`` on it (model
``Meta.ordering``, ``student__last_name`` across a join, the admin) follows it.
A tool that opens the SQLite file without the portal (the ``sqlite3`` shell)
cannot sort these columns: it does not know the collation.

SQLite's own LIKE folds case for ASCII letters only, so a search for «гостин» missed
«Гостиничные услуги» on the zero-setup database; each SQLite connection gets a LIKE that
folds case for every letter, as ``icontains`` does on PostgreSQL.
"""

import re
from functools import lru_cache

RUSSIAN = "russian"
ICU_LOCALE = "ru-RU-u-kn-true"

_NUMBER = re.compile(r"\d+")
# Latin letters after Cyrillic ones, as ICU's Russian tailoring orders them.
_LATIN_AFTER_CYRILLIC = {code: code + 0x10000 for code in range(ord("a"), ord("z") + 1)}


def _numbers_by_value(text):
    return _NUMBER.sub(lambda m: f"{len(m.group()):02d}{m.group()}", text)


@lru_cache(maxsize=65536)
def sort_key(value):
    """A string that sorts like ``value`` under the ``russian`` collation."""
    folded = value.casefold()
    primary = _numbers_by_value(folded.replace("ё", "е")).translate(_LATIN_AFTER_CYRILLIC)
    secondary = _numbers_by_value(folded)  # «е» before «ё» when all else is equal
    tertiary = value.swapcase()  # lower case first
    return f"{primary}\0{secondary}\0{tertiary}"


def _compare(left, right):
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


@lru_cache(maxsize=1024)
def _like_pattern(pattern, escape):
    parts, chars = [], iter(pattern)
    for char in chars:
        if escape and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL | re.IGNORECASE)


def _like(pattern, value, escape=None):
    """SQLite's ``like(pattern, value[, escape])`` with case folded for every alphabet."""
    if pattern is None or value is None:
        return None
    return bool(_like_pattern(str(pattern).casefold(), escape).fullmatch(str(value).casefold()))


def register_on_sqlite(sender, connection, **kwargs):
    """``connection_created`` receiver: teach each SQLite connection the collation and LIKE."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(RUSSIAN, _compare)
        connection.connection.create_function("like", 2, _like, deterministic=True)
        connection.connection.create_function("like", 3, _like, deterministic=True)


def create_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE COLLATION IF NOT EXISTS {RUSSIAN} (provider = icu, locale = '{ICU_LOCALE}')"
        )


def drop_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP COLLATION IF EXISTS {RUSSIAN}")
