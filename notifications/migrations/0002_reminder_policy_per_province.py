"""The reminder policy per province: the existing row (id 1, no province) stays the national
default, unchanged; a province's Board adds its own override. The digest becomes one a week
per province (its recipient_unit)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


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
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('id', 1), ('province__isnull', True)), models.Q(('province__isnull', False), models.Q(('id', 1), _negated=True)), _connector='OR'), name='reminder_policy_default_is_row_1'),
        ),
    ]
