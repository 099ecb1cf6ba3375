"""The reminder policy per province: the existing row (no province) stays the national default,
unchanged; a province's Board adds its own override. The default row was made with an explicit
id (1), which on PostgreSQL left the id sequence behind: it is moved past the rows there are, so
that the first override gets a fresh id. The digest becomes one a week per province (its
recipient_unit)."""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models


def sequence_past_the_rows(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "SELECT setval(pg_get_serial_sequence('notifications_reminderpolicy', 'id'), "
        "COALESCE((SELECT MAX(id) FROM notifications_reminderpolicy), 0) + 1, false)", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_reminders'),
        ('unions', '0002_national_level'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='reminder',
            name='digest_once_a_week',
        ),
        migrations.RemoveConstraint(
            model_name='reminderpolicy',
            name='reminder_policy_single_row',
        ),
        migrations.AddField(
            model_name='reminderpolicy',
            name='province',
            field=models.OneToOneField(blank=True, help_text='Empty: the national default, followed by every province without its own policy.', limit_choices_to={'level': 'province'}, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminder_policy', to='unions.union', verbose_name='provincial federation'),
        ),
        migrations.AddConstraint(
            model_name='reminder',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'digest')), fields=('period', 'kind', 'step', 'recipient_unit'), name='digest_once_a_week_per_province'),
        ),
        migrations.AddConstraint(
            model_name='reminderpolicy',
            constraint=models.UniqueConstraint(django.db.models.functions.comparison.Coalesce('province', models.Value(0)), name='one_national_default_policy'),
        ),
        migrations.RunPython(sequence_past_the_rows, migrations.RunPython.noop),
    ]
