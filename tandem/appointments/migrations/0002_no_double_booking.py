"""No double booking of a clinician, a room or a person, enforced by the database.

PostgreSQL: exclusion constraints over the appointment's time range, so two
transactions booking overlapping times cannot both commit, however they race.
SQLite: triggers that abort an overlapping insert or update; SQLite runs one
writer at a time, so the check and the write cannot interleave.
Only booked appointments count: a cancelled one frees its time.
"""

from django.db import migrations

RESOURCES = ("clinician_id", "room_id", "service_user_id")
TABLE = "appointments_appointment"


def pg_constraint(column: str) -> str:
    name = f"no_overlap_{column.removesuffix('_id')}"
    return (
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} EXCLUDE USING gist "
        f"({column} WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
        f"WHERE (status = 'booked' AND {column} IS NOT NULL)"
    )


def sqlite_triggers(column: str) -> list[str]:
    name = column.removesuffix("_id")
    overlap = (
        f"EXISTS (SELECT 1 FROM {TABLE} AS other WHERE other.{column} = NEW.{column} "
        "AND other.status = 'booked' AND other.id IS NOT NEW.id "
        "AND other.starts_at < NEW.ends_at AND other.ends_at > NEW.starts_at)"
    )
    abort = f"SELECT RAISE(ABORT, 'no_overlap_{name}: double booking refused');"
    return [
        f"CREATE TRIGGER no_overlap_{name}_insert BEFORE INSERT ON {TABLE} "
        f"WHEN NEW.status = 'booked' AND NEW.{column} IS NOT NULL AND {overlap} "
        f"BEGIN {abort} END",
        f"CREATE TRIGGER no_overlap_{name}_update BEFORE UPDATE ON {TABLE} "
        f"WHEN NEW.status = 'booked' AND NEW.{column} IS NOT NULL AND {overlap} "
        f"BEGIN {abort} END",
    ]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # btree_gist lets an exclusion constraint compare plain ids with '='.
        # It is a trusted extension, so the database owner may create it.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        for column in RESOURCES:
            schema_editor.execute(pg_constraint(column))
    elif vendor == "sqlite":
        for column in RESOURCES:
            for statement in sqlite_triggers(column):
                schema_editor.execute(statement)
    else:
        raise RuntimeError(f"No double-booking guard for the {vendor} database")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for column in RESOURCES:
        name = column.removesuffix("_id")
        if vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT no_overlap_{name}")
        else:
            schema_editor.execute(f"DROP TRIGGER no_overlap_{name}_insert")
            schema_editor.execute(f"DROP TRIGGER no_overlap_{name}_update")


class Migration(migrations.Migration):
    dependencies = [("appointments", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
