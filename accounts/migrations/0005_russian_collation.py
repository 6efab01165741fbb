"""The ``russian`` ICU collation on PostgreSQL (SQLite registers it per connection)."""

from django.db import migrations

from kitek_portal.collation import create_on_postgresql, drop_on_postgresql


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_personal_data_access"),
    ]

    operations = [
        migrations.RunPython(create_on_postgresql, drop_on_postgresql),
    ]
