"""The library of assessed digital tools: only a tool assessed in every DTAC area,
with a NICE tier and a review date ahead, can be recommended (HAZ-229)."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.directory import selectors, services
from tandem.directory.models import Tool
from tandem.directory.tests.helpers import MOOD_APP, assess
from tandem.errors import InvalidInput

pytestmark = pytest.mark.django_db


def test_an_assessed_tool_can_be_recommended_and_its_assessor_is_recorded(personas):
    tool = assess(personas.admin)
    assert tool.assessed_by == personas.admin
    assert tool.assessed_on == timezone.localdate()
    assert selectors.recommendable_tools(personas.clinician) == [tool]
    assert AuditEvent.objects.filter(object_type="directory.Tool", action="create").exists()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"data_protection": "not_met"}, "Data protection: not met"),
        ({"usability": "not_assessed"}, "Usability and accessibility: not assessed yet"),
        ({"tier": ""}, "No NICE evidence standards tier"),
    ],
)
def test_a_tool_not_fully_assessed_cannot_be_recommended(personas, changes, reason):
    tool = assess(personas.admin, **changes)
    assert reason in tool.why_not_recommendable(timezone.localdate())
    assert selectors.recommendable_tools(personas.clinician) == []


def test_a_tool_past_its_review_date_cannot_be_recommended(personas):
    tool = assess(personas.admin)
    Tool.objects.filter(pk=tool.pk).update(review_by=timezone.localdate() - dt.timedelta(days=1))
    assert selectors.recommendable_tools(personas.clinician) == []


def test_clinical_safety_met_needs_the_manufacturers_evidence(personas):
    with pytest.raises(InvalidInput) as raised:
        assess(personas.admin, dcb0129_evidence=" ")
    assert raised.value.field == "dcb0129_evidence"
    assert not Tool.objects.exists()


@pytest.mark.parametrize("who", ["manager", "clinician"])
def test_only_the_administrator_keeps_the_library(personas, who):
    with pytest.raises(PermissionDenied):
        assess(personas.all()[who])


def test_two_assessments_at_once_the_second_saves_nothing(personas):
    tool = assess(personas.admin)
    later = timezone.localdate() + dt.timedelta(days=90)
    services.save_tool(
        actor=personas.admin, tool=tool, version=1, assessment=MOOD_APP, review_by=later
    )
    with pytest.raises(InvalidInput, match="Someone else changed this tool"):
        services.save_tool(
            actor=personas.admin,
            tool=tool,
            version=1,
            assessment=replace(MOOD_APP, usability="not_met"),
            review_by=later,
        )
    tool.refresh_from_db()
    assert tool.usability == "met"


def test_the_administrator_adds_a_tool_through_the_form(client_for, personas):
    later = timezone.localdate() + dt.timedelta(days=100)
    form = {
        **{k: v for k, v in MOOD_APP.__dict__.items()},
        "review_by_day": str(later.day),
        "review_by_month": str(later.month),
        "review_by_year": str(later.year),
    }
    admin = client_for("admin")
    bad = admin.post(reverse("directory:tool-add"), {**form, "web": "tidewater"})
    assert "Enter a web address" in html.unescape(bad.content.decode())
    assert not Tool.objects.exists()
    response = admin.post(reverse("directory:tool-add"), {**form, "usability": "not_met"})
    tool = Tool.objects.get()
    page = re.sub(r"\s+", " ", html.unescape(admin.get(response["Location"]).content.decode()))
    assert "Cannot be recommended" in page
    assert "Usability and accessibility: not met" in page
    listing = client_for("clinician").get(reverse("directory:tools")).content.decode()
    assert tool.name in listing
