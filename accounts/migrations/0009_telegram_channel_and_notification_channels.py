from django.db import migrations, models


def mutes_to_channels(apps, schema_editor):
    """A muted kind becomes a kind with no channel; the rest stay on e-mail (the default)."""
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(muted_reminders=[]).only("pk", "muted_reminders"):
        user.notification_channels = {kind: [] for kind in user.muted_reminders}
        user.save(update_fields=["notification_channels"])


def channels_to_mutes(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(notification_channels={}):
        user.muted_reminders = [k for k, v in user.notification_channels.items() if not v]
        user.save(update_fields=["muted_reminders"])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_portal_invitations'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='outgoingemail',
            options={'ordering': ['-created_at'], 'verbose_name': 'исходящее сообщение', 'verbose_name_plural': 'исходящие сообщения (почта и Telegram)'},
        ),
        migrations.AddField(
            model_name='outgoingemail',
            name='channel',
            field=models.CharField(choices=[('email', 'Почта'), ('telegram', 'Telegram')], default='email', max_length=10, verbose_name='канал'),
        ),
        migrations.AddField(
            model_name='outgoingemail',
            name='chat_id',
            field=models.CharField(blank=True, max_length=32, verbose_name='чат Telegram'),
        ),
        migrations.AddField(
            model_name='user',
            name='notification_channels',
            field=models.JSONField(blank=True, default=dict, help_text='По каждому виду уведомлений: список каналов («email», «telegram»); пустой список — не присылать. Вид, которого нет в списке, приходит на почту.', verbose_name='каналы уведомлений'),
        ),
        migrations.AddField(
            model_name='user',
            name='telegram_chat_id',
            field=models.CharField(blank=True, max_length=32, verbose_name='чат Telegram'),
        ),
        migrations.AddField(
            model_name='user',
            name='telegram_link_expires',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='user',
            name='telegram_link_hash',
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.RunPython(mutes_to_channels, channels_to_mutes),
        migrations.RemoveField(
            model_name='user',
            name='muted_reminders',
        ),
        migrations.AlterField(
            model_name='outgoingemail',
            name='to',
            field=models.EmailField(blank=True, max_length=254, verbose_name='получатель'),
        ),
        migrations.AddConstraint(
            model_name='outgoingemail',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('channel', 'email'), models.Q(('to', ''), _negated=True)), models.Q(('channel', 'telegram'), models.Q(('chat_id', ''), _negated=True)), _connector='OR'), name='outbox_recipient_for_channel'),
        ),
    ]
