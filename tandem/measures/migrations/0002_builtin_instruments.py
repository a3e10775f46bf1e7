"""Every install has PHQ-9, GAD-7, PHQ-2 and GAD-2 (tandem/measures/instruments/*.json).

Safe to run again: an instrument already stored is left as it is.
"""

from django.db import migrations


def add_builtins(apps, schema_editor):
    from tandem.measures.instruments import install_builtins

    install_builtins(apps.get_model("measures", "Instrument"))


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_builtins, migrations.RunPython.noop),
    ]
