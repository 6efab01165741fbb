"""bin/backup and bin/restore: a backup of the demo college restores to the same rows and files."""

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from agreements.models import Agreement

BIN = Path(settings.BASE_DIR) / "bin"


def run(script, *args, **env):
    return subprocess.run(
        [BIN / script, *map(str, args)],
        env={**os.environ, **{k: str(v) for k, v in env.items()}},
        capture_output=True,
        text=True,
        timeout=300,
    )


def database_url(name):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    )


def connect(name):
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=name,
        autocommit=True,
    )


def row_counts(name):
    with connect(name) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_backup_refuses_sqlite_with_a_clear_message(tmp_path):
    result = run("backup", "--dir", tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert result.returncode == 1
    assert "работают с PostgreSQL" in result.stderr
    assert not list(tmp_path.glob("kitek-*"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_restores_the_demo_college_into_a_fresh_database(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo")
    scan = b"%PDF-1.4 signed " + os.urandom(4096)
    agreement = Agreement.objects.order_by("pk").first()
    agreement.scan.save("scan.pdf", ContentFile(scan))
    source = connection.settings_dict["NAME"]
    before = row_counts(source)
    backups = tmp_path / "backups"

    result = run(
        "backup",
        DATABASE_URL=database_url(source),
        MEDIA_ROOT=tmp_path / "media",
        BACKUP_DIR=backups,
    )
    assert result.returncode == 0, result.stderr
    assert "Резервная копия создана" in result.stdout
    (folder,) = backups.glob("kitek-*")

    restored = f"{source}_restored"
    with connect("postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        conn.execute(f'CREATE DATABASE "{restored}"')
    try:
        restored_media = tmp_path / "restored-media"
        env = {"DATABASE_URL": database_url(restored), "MEDIA_ROOT": restored_media}
        result = run("restore", folder, **env)
        assert result.returncode == 0, result.stderr
        after = row_counts(restored)
        assert after == before
        for table in (
            "accounts_user",
            "partners_partner",
            "practice_student",
            "practice_placement",
        ):
            assert after[table] > 0, table
        assert (restored_media / agreement.scan.name).read_bytes() == scan

        again = run("restore", folder, **env)
        assert again.returncode == 1
        assert "не пуста" in again.stderr
        assert row_counts(restored) == before  # the refused restore changed nothing
    finally:
        with connect("postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{restored}"')


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL")
@pytest.mark.django_db
def test_backup_keeps_only_the_newest_copies(tmp_path):
    from datetime import datetime

    from kitek_portal import backup

    database = connection.settings_dict
    for day in range(1, 5):
        backup.backup(tmp_path, 2, database, tmp_path / "media", now=datetime(2026, 11, day, 3))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "kitek-20261103-030000",
        "kitek-20261104-030000",
    ]
    assert (tmp_path / "kitek-20261104-030000" / "database.dump").stat().st_size > 0
