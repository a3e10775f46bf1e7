"""The caseload version (issue 18): a row a trigger sets on every caseload write.

PostgreSQL only: the number comes from a sequence, which never hands out a
number twice even when the writing transaction rolls back, so a count cached
under a version can never be mistaken for another state's. On SQLite (the demo,
small installs) counts are cheap and are not cached.
"""

from django.db import migrations, models

CREATE = [
    "CREATE SEQUENCE people_caseload_version_seq",
    """
    CREATE FUNCTION people_caseload_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE people_caseloadversion
        SET version = nextval('people_caseload_version_seq') WHERE id = 1;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER people_caseload_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON people_caseloadentry
    FOR EACH STATEMENT EXECUTE FUNCTION people_caseload_changed()
    """,
    "INSERT INTO people_caseloadversion (id, version) "
    "VALUES (1, nextval('people_caseload_version_seq'))",
]
DROP = [
    "DROP FUNCTION IF EXISTS people_caseload_changed() CASCADE",
    "DROP SEQUENCE IF EXISTS people_caseload_version_seq",
]


def run(statements: list[str]):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("people", "0005_carerlink_can_see_diary")]

    operations = [
        migrations.CreateModel(
            name="CaseloadVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(run(CREATE), run(DROP)),
    ]
