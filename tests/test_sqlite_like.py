"""The zero-setup SQLite database searches like PostgreSQL's ``icontains``: its LIKE folds
the case of Cyrillic letters too (SQLite's own folds ASCII only)."""

import sqlite3
from types import SimpleNamespace

import pytest

from kitek_portal.collation import register_on_sqlite


@pytest.fixture
def sqlite():
    connection = sqlite3.connect(":memory:")
    register_on_sqlite(None, SimpleNamespace(vendor="sqlite", connection=connection))
    yield connection
    connection.close()


def _like(sqlite, value, pattern):
    return sqlite.execute("SELECT ? LIKE ? ESCAPE '\\'", (value, pattern)).fetchone()[0]


def test_like_folds_the_case_of_every_alphabet(sqlite):
    assert _like(sqlite, "Гостиничные услуги", "%гостин%") == 1
    assert _like(sqlite, "ООО «КОЛОС»", "%колос%") == 1
    assert _like(sqlite, "Hotel Irtysh", "%IRTYSH") == 1
    assert _like(sqlite, "Гостиничные услуги", "%поварск%") == 0


def test_like_keeps_its_wildcards_escapes_and_nulls(sqlite):
    assert _like(sqlite, "Кафе 25", "кафе __") == 1
    assert _like(sqlite, "Кафе 2", "кафе __") == 0
    # a searched «%», «_» or regex character is literal
    assert _like(sqlite, "Скидка 50%", "%50\\%") == 1
    assert _like(sqlite, "Скидка 500", "%50\\%") == 0
    assert _like(sqlite, "ООО (Ромашка).", "%(ромашка).") == 1
    assert _like(sqlite, "ООО Ромашка", "%(ромашка).") == 0
    assert sqlite.execute("SELECT NULL LIKE '%а%'").fetchone()[0] is None
