"""Audit rows are inserted unsealed and sealed into the chain later (ADR 0033).

``seq``, ``prev_hash`` and ``hash`` may now be empty until the sealer fills
them, once. The append-only triggers are replaced so that this one change is
allowed: on a row not yet sealed, setting those three columns and nothing
else. Every other UPDATE is refused as before (and DELETE on PostgreSQL).
On PostgreSQL a trigger also stamps each new row with its transaction's id
(``txid``), which the sealer uses to seal only rows no running transaction
can still join. On SQLite the table is rebuilt by the field changes above,
which drops its trigger, so it is created again here.
"""

from django.db import migrations, models

# Every column but the three the sealer fills.
FIXED = (
    "id",
    "at",
    "actor_id",
    "actor_name",
    "actor_role",
    "actor_team",
    "action",
    "object_type",
    "object_id",
    "subject_id",
    "what",
    "request_id",
    "txid",
)
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
       AND to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash'
           = to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
"""
PG_OLD_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
"""
PG_STAMP = """
CREATE OR REPLACE FUNCTION audit_stamp_txid() RETURNS trigger AS $$
BEGIN
    NEW.txid := pg_current_xact_id()::text::bigint;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_txid
BEFORE INSERT ON audit_auditevent
FOR EACH ROW EXECUTE FUNCTION audit_stamp_txid();
"""
PG_UNSTAMP = """
DROP TRIGGER IF EXISTS audit_auditevent_txid ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_stamp_txid();
"""
SQLITE_TRIGGER = """
CREATE TRIGGER audit_auditevent_no_update
BEFORE UPDATE ON audit_auditevent
WHEN OLD.seq IS NOT NULL OR NEW.seq IS NULL OR {changed}
BEGIN
    SELECT RAISE(ABORT, 'audit_auditevent is append-only');
END;
""".format(changed=" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FIXED))
SQLITE_OLD_TRIGGER = """
CREATE TRIGGER audit_auditevent_no_update
BEFORE UPDATE ON audit_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit_auditevent is append-only');
END;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        schema_editor.execute(PG_STAMP)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_update")
        schema_editor.execute(SQLITE_TRIGGER)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UNSTAMP)
        schema_editor.execute(PG_OLD_FUNCTION)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_update")
        schema_editor.execute(SQLITE_OLD_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only")]

    operations = [
        migrations.AlterModelOptions(
            name="auditevent",
            options={"ordering": ["id"]},
        ),
        migrations.AddField(
            model_name="auditevent",
            name="txid",
            field=models.BigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(blank=True, null=True, unique=True),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                condition=models.Q(("seq__isnull", True)),
                fields=["txid", "id"],
                name="audit_unsealed",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
