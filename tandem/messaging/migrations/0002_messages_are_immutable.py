"""Sent messages and their attachments cannot be changed or removed.

The database refuses every UPDATE and DELETE of a row in these tables, so no
code path, old or new, can rewrite what someone said; a correction is a new
message. Deleting is let through only inside
``tandem.messaging.immutability.erasing_messages()`` (erasing whole records
at the end of their retention period, or emptying a test database).

PostgreSQL: a row trigger calling one function, raising restrict_violation
(class 23, which Django reports as IntegrityError).
SQLite: BEFORE UPDATE and BEFORE DELETE triggers that abort (also reported as
IntegrityError). Note that SQLite drops a table's triggers when Django
rebuilds the table to alter it: a later migration that alters these tables
must create the triggers again (test_immutability checks they hold).
"""

from django.db import migrations

TABLES = ("messaging_message", "messaging_attachment")
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION messaging_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('tandem.erasing_messages', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'messages_are_immutable: % of a row in % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # No parameters, so the % placeholders of RAISE reach PostgreSQL untouched.
        schema_editor.execute(PG_FUNCTION, params=None)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION messaging_refuse_change()"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'messages_are_immutable: UPDATE of {table} refused'); END"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                "WHEN NOT tandem_erasing_messages() "
                f"BEGIN SELECT RAISE(ABORT, 'messages_are_immutable: DELETE of {table} refused'); END"
            )
    else:
        raise RuntimeError(f"No guard against changing sent messages for the {vendor} database")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER {table}_immutable ON {table}")
        else:
            schema_editor.execute(f"DROP TRIGGER {table}_no_update")
            schema_editor.execute(f"DROP TRIGGER {table}_no_delete")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION messaging_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
