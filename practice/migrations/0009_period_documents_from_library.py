"""A period's programme and instructions move into the library: every uploaded file
becomes a library document with version 1, then the file fields go."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

TITLES = {"programme": "Рабочая программа практики", "instructions": "Методические указания"}


def move_period_files_to_library(apps, schema_editor):
    PracticePeriod = apps.get_model("practice", "PracticePeriod")
    Document = apps.get_model("library", "Document")
    Version = apps.get_model("library", "Version")
    periods = PracticePeriod.objects.select_related("group", "module").exclude(
        programme="", instructions=""
    )
    now = timezone.now()
    for period in periods:
        for kind, title in TITLES.items():
            file = getattr(period, kind)
            if not file:
                continue
            module = f" {period.module.code}" if period.module_id else ""
            document = Document.objects.create(
                kind=kind,
                title=f"{title}{module}, группа {period.group.name}",
                specialty_id=period.group.specialty_id,
                module_id=period.module_id,
                # The partners of the specialty; those of the period's placements read it
                # through the period too.
                audience="specialty",
                created_at=now,
            )
            version = Version.objects.create(
                document=document,
                number=1,
                file=file.name,
                note="Перенесено из периода практики.",
                uploaded_at=now,
            )
            document.current_version = version
            document.save(update_fields=["current_version"])
            setattr(period, f"{kind}_document_id", document.pk)
        period.save(update_fields=["programme_document", "instructions_document"])
    if schema_editor.connection.vendor == "postgresql":
        # Check the new foreign keys now, so that the columns can be dropped below in
        # the same transaction (no "pending trigger events").
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("practice", "0008_placement_confirmation"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalpracticeperiod",
            name="instructions_document",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="library.document",
                verbose_name="методические указания",
            ),
        ),
        migrations.AddField(
            model_name="historicalpracticeperiod",
            name="programme_document",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="library.document",
                verbose_name="программа практики",
            ),
        ),
        migrations.AddField(
            model_name="practiceperiod",
            name="instructions_document",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="instructions_periods",
                to="library.document",
                verbose_name="методические указания",
            ),
        ),
        migrations.AddField(
            model_name="practiceperiod",
            name="programme_document",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="programme_periods",
                to="library.document",
                verbose_name="программа практики",
            ),
        ),
        migrations.RunPython(move_period_files_to_library, migrations.RunPython.noop),
        migrations.RemoveField(model_name="historicalpracticeperiod", name="instructions"),
        migrations.RemoveField(model_name="historicalpracticeperiod", name="programme"),
        migrations.RemoveField(model_name="practiceperiod", name="instructions"),
        migrations.RemoveField(model_name="practiceperiod", name="programme"),
    ]
