"""``manage.py load_instrument``: the same checks as the admin page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tandem.audit.models import AuditEvent
from tandem.measures.instruments import builtin_definitions
from tandem.measures.models import Instrument

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, data: dict[str, object]) -> Path:
    path = tmp_path / "questionnaire.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def local_gad2() -> dict[str, object]:
    data = next(d for d in builtin_definitions() if d["code"] == "gad2")
    return data | {"code": "local-screen", "short_title": "Local"}


def test_loads_a_good_file_and_audits_it(tmp_path, capsys):
    call_command("load_instrument", str(write(tmp_path, local_gad2())))
    added = Instrument.objects.get(code="local-screen")
    assert not added.builtin and added.added_by is None
    assert "Pfizer" in added.licence_note
    assert AuditEvent.objects.filter(object_type="measures.Instrument").exists()
    assert "Added Local (version 1)" in capsys.readouterr().out


def test_refuses_a_broken_file_listing_every_problem(tmp_path):
    data = local_gad2() | {"version": 0, "bands": []}
    with pytest.raises(CommandError) as caught:
        call_command("load_instrument", str(write(tmp_path, data)))
    message = str(caught.value)
    assert "- 'version' must be a whole number from 1" in message
    assert "- The definition needs 'bands'" in message
    assert not Instrument.objects.filter(code="local-screen").exists()


def test_refuses_the_same_version_twice(tmp_path):
    path = write(tmp_path, local_gad2())
    call_command("load_instrument", str(path))
    with pytest.raises(CommandError, match="needs a new version number: 2 or more"):
        call_command("load_instrument", str(path))
