"""Backups that restore: ``bin/backup`` and ``bin/restore`` (see README, «Operations»).

A backup is one folder ``kitek-YYYYMMDD-HHMMSS`` in the backup folder holding
``database.dump`` (``pg_dump`` custom format) and ``media.tar.gz`` (the uploaded
files). Both scripts read the portal's own settings (environment variables and
``.env``): ``DATABASE_URL`` says which database, ``MEDIA_ROOT`` which folder.
The password reaches pg_dump/pg_restore through the environment, never the
command line.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
from datetime import datetime
from pathlib import Path

PREFIX = "kitek-"
DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


def _settings():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kitek_portal.settings")
    import django
    from django.conf import settings

    django.setup()
    return settings


def _libpq_env(database):
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError(
            "bin/backup и bin/restore работают с PostgreSQL (DATABASE_URL=postgres://…). "
            f"Сейчас база — {database['ENGINE'].rsplit('.', 1)[-1]}: "
            "для SQLite просто скопируйте файл базы и папку MEDIA_ROOT."
        )
    env = dict(os.environ)
    for key, name in {
        "PGHOST": "HOST",
        "PGPORT": "PORT",
        "PGUSER": "USER",
        "PGPASSWORD": "PASSWORD",
        "PGDATABASE": "NAME",
    }.items():
        if database.get(name):
            env[key] = str(database[name])
    return env


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} завершился с ошибкой:\n{result.stderr.strip()}")


def _size(path):
    size = path.stat().st_size
    return f"{size / 1024 / 1024:.1f} МБ" if size >= 1024 * 1024 else f"{size / 1024:.0f} КБ"


def backup(backup_dir, keep, database, media_root, now=None):
    """Write one backup folder, then keep only the ``keep`` newest; returns its path."""
    if keep < 1:
        raise BackupError("Число хранимых копий (--keep, BACKUP_KEEP) должно быть не меньше 1.")
    env = _libpq_env(database)
    backup_dir.mkdir(parents=True, exist_ok=True)
    name = PREFIX + (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = backup_dir / name
    if target.exists():
        raise BackupError(f"Копия {target} уже есть: подождите секунду и запустите снова.")
    # Written under a temporary name and renamed when complete, so a folder named
    # kitek-… is always a whole backup, even if the machine stops half-way.
    partial = backup_dir / f".partial-{name}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        dump = partial / DATABASE_FILE
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", dump, env["PGDATABASE"]], env)
        with tarfile.open(partial / MEDIA_FILE, "w:gz") as tar:
            if media_root.is_dir():
                tar.add(media_root, arcname="media")
        partial.rename(target)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    old = sorted(p for p in backup_dir.iterdir() if p.is_dir() and p.name.startswith(PREFIX))
    for stale in old[:-keep]:
        shutil.rmtree(stale)
    print(
        f"Резервная копия создана: {target}\n"
        f"  база данных «{database['NAME']}»: {_size(target / DATABASE_FILE)}\n"
        f"  файлы из {media_root}: {_size(target / MEDIA_FILE)}\n"
        f"Хранится копий: {min(len(old), keep)}, удалено старых: {max(len(old) - keep, 0)}."
    )
    return target


def restore(source, database, media_root):
    """Restore a backup folder into an empty database and an empty media folder."""
    env = _libpq_env(database)
    dump, media = source / DATABASE_FILE, source / MEDIA_FILE
    missing = [p.name for p in (dump, media) if not p.is_file()]
    if missing:
        raise BackupError(
            f"В папке {source} нет {', '.join(missing)}: укажите папку копии kitek-…, "
            "созданную bin/backup."
        )
    tables = _tables(database)
    if tables:
        raise BackupError(
            f"База данных «{database['NAME']}» не пуста (таблиц: {len(tables)}). "
            "Восстановление идёт только в пустую базу: создайте новую "
            f"(createdb -O {database.get('USER') or 'владелец'} новое_имя) "
            "и укажите её в DATABASE_URL."
        )
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(
            f"Папка файлов {media_root} не пуста. Укажите пустую или новую папку в MEDIA_ROOT "
            "(или перенесите старую в сторону)."
        )
    options = ["--no-owner", "--no-privileges", "--exit-on-error"]
    _run(["pg_restore", *options, "--dbname", env["PGDATABASE"], dump], env)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith("media/")]
        for member in members:
            member.name = member.name.removeprefix("media/")
        tar.extractall(media_root, members=members, filter="data")
    files = sum(1 for p in media_root.rglob("*") if p.is_file())
    print(
        f"Восстановлено из {source}:\n"
        f"  база данных «{database['NAME']}»: таблиц {len(_tables(database))}\n"
        f"  файлы в {media_root}: {files}\n"
        "Запустите `manage.py migrate`, если код новее копии, и затем портал."
    )


def _tables(database):
    from django.db import OperationalError, connections

    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            return connection.introspection.table_names(cursor)
    except OperationalError as error:
        raise BackupError(
            f"Не удалось подключиться к базе «{database['NAME']}»: {error}".strip()
            + "\nПроверьте DATABASE_URL; новую базу создайте командой createdb."
        ) from error
    finally:
        connection.close()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bin/backup | bin/restore")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup")
    make.add_argument("--dir", help="папка копий (по умолчанию BACKUP_DIR)")
    make.add_argument("--keep", type=int, help="сколько копий хранить (по умолчанию BACKUP_KEEP)")
    load = commands.add_parser("restore")
    load.add_argument("source", help="папка копии kitek-YYYYMMDD-HHMMSS")
    args = parser.parse_args(argv)
    try:
        settings = _settings()
        database, media_root = settings.DATABASES["default"], Path(settings.MEDIA_ROOT)
        if args.command == "backup":
            backup_dir = Path(args.dir) if args.dir else settings.BACKUP_DIR
            keep = args.keep if args.keep is not None else settings.BACKUP_KEEP
            backup(backup_dir, keep, database, media_root)
        else:
            restore(Path(args.source), database, media_root)
    except BackupError as error:
        print(f"Ошибка: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
