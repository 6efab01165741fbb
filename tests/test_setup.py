"""The portal's real parts: migrations, production settings, demo data."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import User
from partners.models import Partner
from practice.models import Student, StudentGroup

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    # The browser tests relax async safety in this process; a deployment never does.
    base_env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_models_and_migrations_agree():
    result = _manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_migrations_apply_on_a_fresh_sqlite_file(tmp_path):
    # The test database itself (PostgreSQL in CI) was built by the same migrations.
    result = _manage("migrate", "--noinput", DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    assert result.returncode == 0, result.stderr


def test_production_profile_passes_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        HTTPS="true",
        SECRET_KEY="prod-7f3a9c2e5b8d1f4a6c9e2b5d8f1a4c7e0b3d6f9a2c5e8b1d4f7a0c3e6b9d2f5a8",
        ALLOWED_HOSTS="practice.kitek.example",
        STATIC_STORAGE="whitenoise.storage.CompressedManifestStaticFilesStorage",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_in_production_fails_loudly():
    result = _manage("check", DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_seed_demo_builds_a_college_and_is_idempotent():
    call_command("seed_demo")
    counts = (User.objects.count(), Partner.objects.count(), Student.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Partner.objects.count(), Student.objects.count()) == counts
    assert StudentGroup.objects.filter(name="41 ГД", specialty__code="43.02.14").exists()
    assert Partner.objects.filter(name="ООО «Сказка»").exists()
    employer = User.objects.get(username="employer")
    assert employer.partner.name == "ООО «Сказка»"
    assert employer.check_password("kitek2026")
    assert set(User.objects.values_list("role", flat=True)) == {
        "deputy",
        "head",
        "teacher",
        "employer",
        "admin",
    }
