"""The ``russian`` ICU collation on PostgreSQL (SQLite registers it per connection)."""

from django.db import migrations

from kitek_portal.collation import create_on_postgresql, drop_on_postgresql


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_muted_reminders"),
    ]

    operations = [
        migrations.RunPython(create_on_postgresql, drop_on_postgresql),
    ]
