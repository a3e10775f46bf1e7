"""Planner statistics for the small team tables (issue 18).

Autovacuum analyzes a table once more rows have changed than its threshold (50,
plus a tenth of the table). A service's teams, memberships and staff are a few
rows that change rarely, so PostgreSQL might never analyze them; without
statistics it assumes about a hundred teams and misjudges every caseload query
that filters by the user's teams (on 100,000 people the team caseload read and
sorted all 40,011 of a team's open entries on every view; with statistics it
reads the 50 it shows). A threshold of one change gets them analyzed soon after
teams are set up or changed. PostgreSQL only.
"""

from django.db import migrations

TABLES = ("people_careteam", "people_teammembership", "people_staffmember")


def run(setting: str):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table in TABLES:
                schema_editor.execute(f"ALTER TABLE {table} {setting}")

    return apply


class Migration(migrations.Migration):
    dependencies = [("people", "0008_carerlink_can_see_care_plan")]

    operations = [
        migrations.RunPython(
            run("SET (autovacuum_analyze_threshold = 1)"),
            run("RESET (autovacuum_analyze_threshold)"),
        ),
    ]
