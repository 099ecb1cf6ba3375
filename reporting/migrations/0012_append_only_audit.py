"""The audit trail is append-only: on PostgreSQL a trigger refuses any UPDATE or DELETE of a
report's events and value changes, whatever the code (or person with a SQL prompt) tries.
Deleting a report with a history is refused too (PROTECT here, the trigger below). TRUNCATE
(the test database's flush) is not a row DELETE and is left alone. Other databases rely on
the models' guard (reporting.models.AppendOnly)."""
import django.db.models.deletion
from django.db import migrations, models

TABLES = ("reporting_reportevent", "reporting_valuechange")

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_trail_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail (%) is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def add_guard(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # no client-side merge: the % are PL/pgSQL's
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        schema_editor.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                              f"FOR EACH ROW EXECUTE FUNCTION audit_trail_append_only()")


def remove_guard(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS audit_trail_append_only()")


class Migration(migrations.Migration):
    dependencies = [("reporting", "0011_export_basis")]

    operations = [
        migrations.AlterField(
            model_name="reportevent", name="report",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="events",
                                    to="reporting.report"),
        ),
        migrations.AlterField(
            model_name="valuechange", name="report",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="value_changes",
                                    to="reporting.report"),
        ),
        migrations.RunPython(add_guard, remove_guard, elidable=False),
    ]
