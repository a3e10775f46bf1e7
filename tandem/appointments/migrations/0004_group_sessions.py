"""A member's appointment may belong to a session of a group programme (ADR 0053).

Members of one session share the lead facilitator and the room, so those two
no-double-booking guards (0002) now let appointments of the SAME group session
overlap each other, and still refuse every other overlap: a one-to-one over a
group the clinician leads, two groups at once in one room, two one-to-ones.
The guard on the person is unchanged: nobody can be in a group and anywhere
else at once.

PostgreSQL: the exclusion constraint gains a third column compared with '<>':
the group session, or for an appointment outside any group its own negated id,
which differs from every other row's value.
SQLite: the triggers gain the same condition. Any later migration that
rebuilds this table must restore THESE triggers (``sqlite_triggers`` below),
not 0002's, or group members would be refused.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

no_double_booking = importlib.import_module("tandem.appointments.migrations.0002_no_double_booking")

TABLE = no_double_booking.TABLE
SHARED = ("clinician_id", "room_id")


def pg_constraint(column: str) -> str:
    name = f"no_overlap_{column.removesuffix('_id')}"
    return (
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} EXCLUDE USING gist "
        f"({column} WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&, "
        f"(COALESCE(group_session_id, -id)) WITH <>) "
        f"WHERE (status = 'booked' AND {column} IS NOT NULL)"
    )


def sqlite_triggers(column: str) -> list[str]:
    """The triggers for ``column`` as they stand from this migration on."""
    if column not in SHARED:
        return no_double_booking.sqlite_triggers(column)
    name = column.removesuffix("_id")
    overlap = (
        f"EXISTS (SELECT 1 FROM {TABLE} AS other WHERE other.{column} = NEW.{column} "
        "AND other.status = 'booked' AND other.id IS NOT NEW.id "
        "AND other.starts_at < NEW.ends_at AND other.ends_at > NEW.starts_at "
        "AND (NEW.group_session_id IS NULL "
        "OR other.group_session_id IS NOT NEW.group_session_id))"
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


def _sqlite_recreate(schema_editor, triggers_for) -> None:
    for column in no_double_booking.RESOURCES:
        name = column.removesuffix("_id")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS no_overlap_{name}_insert")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS no_overlap_{name}_update")
        for statement in triggers_for(column):
            schema_editor.execute(statement)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for column in SHARED:
            name = column.removesuffix("_id")
            schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT no_overlap_{name}")
            schema_editor.execute(pg_constraint(column))
    elif vendor == "sqlite":
        _sqlite_recreate(schema_editor, sqlite_triggers)
    else:
        raise RuntimeError(f"No double-booking guard for the {vendor} database")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for column in SHARED:
            name = column.removesuffix("_id")
            schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT no_overlap_{name}")
            schema_editor.execute(no_double_booking.pg_constraint(column))
    else:
        _sqlite_recreate(schema_editor, no_double_booking.sqlite_triggers)


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0003_communication_support_arranged"),
        ("groups", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointment",
            name="group_session",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="appointments",
                to="groups.groupsession",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
