"""The database settings read from the environment (each case in a fresh interpreter)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRINT_OPTIONS = (
    "import django.conf, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'kitek_portal.settings'; "
    "print(django.conf.settings.DATABASES['default'].get('OPTIONS', {}).get('options', ''))"
)


def _options(**env):
    result = subprocess.run(
        [sys.executable, "-c", PRINT_OPTIONS],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_postgresql_runs_without_jit_keeping_the_urls_own_options():
    url = "postgres://portal@127.0.0.1:5432/portal"
    assert _options(DATABASE_URL=url) == "-c jit=off"
    timeout = "?options=-c%20statement_timeout%3D5000"
    assert _options(DATABASE_URL=url + timeout) == "-c statement_timeout=5000 -c jit=off"
    assert _options(DATABASE_URL=url + timeout, POSTGRES_JIT="true") == (
        "-c statement_timeout=5000"
    )
