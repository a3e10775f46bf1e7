"""Modality guidance, staff guidance pages and preparation pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from tandem.audit.models import AuditEvent
from tandem.errors import InvalidInput
from tandem.guidance import queries, services
from tandem.guidance.models import (
    Acknowledgement,
    GuidanceCell,
    GuidanceCellVersion,
    GuidancePage,
    Level,
    PageVersion,
)
from tandem.preferences.codes import ContactKind, Modality
from tests import factories
from tests.personas import staff

pytestmark = pytest.mark.django_db


def cell_url(kind: str = "admin", modality: str = "video") -> str:
    return reverse("guidance:cell-edit", kwargs={"kind": kind, "modality": modality})


# --- Defaults ------------------------------------------------------------------


def test_defaults_exist_for_every_kind_and_modality_with_reason_and_source():
    for kind in ContactKind.values:
        for modality in Modality.values:
            cell = GuidanceCell.objects.get(kind=kind, modality=modality)
            assert cell.level in Level.values
            assert cell.reason.strip() and cell.source.strip()
            assert cell.versions.count() == 1


def test_face_to_face_is_never_not_advised_by_default():
    assert not GuidanceCell.objects.filter(
        modality=Modality.FACE_TO_FACE, level=Level.NOT_ADVISED
    ).exists()


def test_defaults_follow_the_evidence():
    def level(kind: str, modality: str) -> str:
        return queries.guidance_for(kind)[modality].level

    assert level("initial_assessment", "face_to_face") == Level.RECOMMENDED
    assert level("trauma_therapy", "video") == Level.CARE
    assert level("trauma_therapy", "messaging") == Level.NOT_ADVISED
    assert level("physical_health_check", "face_to_face") == Level.RECOMMENDED
    assert level("admin", "email_text") == Level.RECOMMENDED
    assert level("medication_review", "phone") == Level.CARE
    assert {c.level for c in queries.guidance_for("check_in").values()} == {Level.SUITABLE}


def test_the_database_refuses_face_to_face_not_advised():
    with pytest.raises(IntegrityError), transaction.atomic():
        GuidanceCell.objects.filter(kind="admin", modality="face_to_face").update(
            level=Level.NOT_ADVISED
        )


def test_starter_pages_cover_every_kind_and_modality():
    for kind in ContactKind.values:
        assert GuidancePage.objects.filter(kind=kind).exists()
    for modality in Modality.values:
        assert GuidancePage.objects.filter(modality=modality).exists()
    for slug in ("safe-remote-session", "when-a-call-fails"):
        assert PageVersion.objects.filter(page__slug=slug, number=1).exists()


# --- guidance_for ----------------------------------------------------------------


def test_guidance_for_returns_every_modality_with_labels_reasons_and_sources():
    found = queries.guidance_for("initial_assessment")
    assert list(found) == Modality.values
    video = found["video"]
    assert video.level_label == queries.LEVEL_LABELS[video.level]
    assert video.reason and "Liberati" in video.source
    assert video.modality_label == "Video call"


def test_guidance_for_an_unknown_kind_is_empty():
    assert queries.guidance_for("nonsense") == {}


def test_level_order_is_strongest_first():
    assert queries.LEVEL_ORDER == ("recommended", "suitable", "care", "not_advised")
    assert set(queries.LEVEL_LABELS) == set(Level.values)


# --- Managers editing a cell ------------------------------------------------------


def test_manager_edit_is_audited_and_versioned(client_for, personas):
    response = client_for("manager").post(
        cell_url(),
        {
            "level": "care",
            "reason": "Video is rarely needed for admin.",
            "source": "Local decision",
        },
    )
    assert response.status_code == 302
    cell = GuidanceCell.objects.get(kind="admin", modality="video")
    assert (cell.level, cell.version, cell.changed_by) == ("care", 2, personas.manager)
    versions = list(cell.versions.order_by("version"))
    assert [v.level for v in versions] == ["suitable", "care"]
    assert versions[1].changed_by == personas.manager
    event = AuditEvent.objects.filter(object_type="guidance.GuidanceCell").last()
    assert event is not None and event.actor == personas.manager
    assert "Suitable to Use with care" in event.what
    assert cell.source == "Local decision"
    assert versions[0].source != "Local decision"
    assert queries.guidance_for("admin")["video"].reason == "Video is rarely needed for admin."
    # The history shows who changed it.
    page = client_for("manager").get(cell_url())
    assert "Morgan Ellis" in page.content.decode()


def test_clinician_cannot_edit_a_cell(client_for, personas):
    response = client_for("clinician").post(cell_url(), {"level": "care", "reason": "x"})
    assert response.status_code == 404
    assert GuidanceCell.objects.get(kind="admin", modality="video").version == 1


def test_service_refuses_non_managers(personas):
    cell = GuidanceCell.objects.get(kind="admin", modality="video")
    with pytest.raises(PermissionDenied):
        services.change_cell(
            actor=personas.clinician, cell=cell, level="care", reason="x", source="Local"
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"level": "care", "reason": "", "source": "Local"}, "Enter the reason staff will see"),
        ({"level": "care", "reason": "   ", "source": "L"}, "Enter the reason staff will see"),
        ({"level": "care", "reason": "x" * 501, "source": "L"}, "Reason must be 500 characters"),
        ({"level": "banned", "reason": "Why", "source": "L"}, "Choose a level of advice from"),
        ({"reason": "Why", "source": "L"}, "Choose a level of advice"),
        ({"level": "care", "reason": "Why", "source": ""}, "Enter where this advice comes from"),
        ({"level": "care", "reason": "Why", "source": "s" * 201}, "Source must be 200 characters"),
    ],
)
def test_bad_cell_input_gets_a_message_and_saves_nothing(client_for, personas, data, message):
    before = AuditEvent.objects.count()
    response = client_for("manager").post(cell_url(), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert GuidanceCell.objects.get(kind="admin", modality="video").version == 1
    assert (
        GuidanceCellVersion.objects.filter(cell__kind="admin", cell__modality="video").count() == 1
    )
    assert AuditEvent.objects.count() == before


def test_edit_form_refuses_face_to_face_not_advised(client_for, personas):
    url = cell_url("admin", "face_to_face")
    assert 'value="not_advised"' not in client_for("manager").get(url).content.decode()
    response = client_for("manager").post(
        url, {"level": "not_advised", "reason": "No", "source": "Local"}
    )
    assert response.status_code == 200
    assert "Face to face cannot be" in response.content.decode()
    assert GuidanceCell.objects.get(kind="admin", modality="face_to_face").level == "suitable"


def test_service_refuses_face_to_face_not_advised(personas):
    cell = GuidanceCell.objects.get(kind="admin", modality="face_to_face")
    with pytest.raises(InvalidInput):
        services.change_cell(
            actor=personas.manager, cell=cell, level="not_advised", reason="No", source="Local"
        )


@pytest.mark.parametrize(("kind", "modality"), [("nonsense", "video"), ("admin", "carrier_pigeon")])
def test_unknown_kind_or_modality_is_404(client_for, personas, kind, modality):
    assert client_for("manager").get(cell_url(kind, modality)).status_code == 404
    assert client_for("clinician").get(
        reverse("guidance:kind", kwargs={"kind": kind})
    ).status_code == (404 if kind == "nonsense" else 200)
    assert client_for("clinician").get(
        reverse("guidance:modality", kwargs={"modality": modality})
    ).status_code == (404 if modality == "carrier_pigeon" else 200)


# --- Pages that show guidance say it advises ----------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        reverse("guidance:index"),
        reverse("guidance:kind", kwargs={"kind": "trauma_therapy"}),
        reverse("guidance:modality", kwargs={"modality": "phone"}),
        reverse("guidance:page", kwargs={"slug": "safe-remote-session"}),
        cell_url(),
    ],
)
def test_every_guidance_page_says_it_advises(client_for, personas, url):
    body = client_for("manager").get(url).content.decode()
    assert "This guidance advises; it does not decide." in body


def test_kind_page_shows_reasons_and_sources(client_for, personas):
    body = (
        client_for("clinician")
        .get(reverse("guidance:kind", kwargs={"kind": "trauma_therapy"}))
        .content.decode()
    )
    assert "Liberati et al., BMJ Open 2021" in body
    assert "Trauma-focused therapy" in body
    assert "Change<span" not in body  # clinicians see no change links


# --- Staff pages: editing, versions, acknowledgements ---------------------------------


def page_edit(client, slug="safe-remote-session", **overrides):
    review = dt.date.today() + dt.timedelta(days=30)
    data = {
        "title": "Running a safe remote session",
        "body": "First paragraph.\n\nSecond <script>alert(1)</script> paragraph.",
        "review_by_day": str(review.day),
        "review_by_month": str(review.month),
        "review_by_year": str(review.year),
    }
    data.update(overrides)
    return client.post(reverse("guidance:page-edit", kwargs={"slug": slug}), data)


def acknowledge(client, slug="safe-remote-session", version="1"):
    return client.post(reverse("guidance:acknowledge", kwargs={"slug": slug}), {"version": version})


def test_manager_edit_creates_a_version_rendered_safely(client_for, personas):
    assert page_edit(client_for("manager")).status_code == 302
    versions = PageVersion.objects.filter(page__slug="safe-remote-session").order_by("number")
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].created_by == personas.manager
    assert AuditEvent.objects.filter(object_type="guidance.PageVersion").exists()
    body = (
        client_for("clinician")
        .get(reverse("guidance:page", kwargs={"slug": "safe-remote-session"}))
        .content.decode()
    )
    assert "<p>First paragraph.</p>" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Enter a title"),
        ({"body": "x" * 10_001}, "Text must be 10,000 characters or fewer"),
        ({"review_by_year": "2001"}, "Review date must be today or in the future"),
        (
            {"review_by_day": "31", "review_by_month": "2"},
            "The date this page should be reviewed by must be a real date",
        ),
    ],
)
def test_bad_page_edit_saves_nothing(client_for, personas, overrides, message):
    response = page_edit(client_for("manager"), **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert PageVersion.objects.filter(page__slug="safe-remote-session").count() == 1


def test_clinician_cannot_edit_a_page(client_for, personas):
    assert page_edit(client_for("clinician")).status_code == 404
    assert PageVersion.objects.filter(page__slug="safe-remote-session").count() == 1


def test_acknowledgements_are_per_version(client_for, personas):
    clinician = client_for("clinician")
    url = reverse("guidance:page", kwargs={"slug": "safe-remote-session"})
    assert "I have read this version" in clinician.get(url).content.decode()
    assert acknowledge(clinician).status_code == 302
    assert acknowledge(clinician).status_code == 302  # twice is harmless
    assert Acknowledgement.objects.filter(user=personas.clinician).count() == 1
    assert "You confirmed you read version 1" in clinician.get(url).content.decode()

    page_edit(client_for("manager"))
    body = clinician.get(url).content.decode()
    assert "I have read this version" in body
    # Confirming with the old version number does not count for the new one.
    acknowledge(clinician, version="1")
    assert Acknowledgement.objects.filter(user=personas.clinician).count() == 1
    acknowledge(clinician, version="2")
    assert Acknowledgement.objects.filter(user=personas.clinician, version__number=2).exists()


def test_service_refuses_acknowledging_an_old_version(personas):
    page = GuidancePage.objects.get(slug="safe-remote-session")
    old = page.versions.get(number=1)
    services.publish_page_version(
        actor=personas.manager,
        page=page,
        title="New",
        body="Text",
        review_by=dt.date.today(),
    )
    with pytest.raises(InvalidInput):
        services.acknowledge(actor=personas.clinician, version=old)


def test_service_users_cannot_acknowledge(client_for, personas):
    assert acknowledge(client_for("service_user")).status_code == 404
    assert not Acknowledgement.objects.exists()


def test_reading_report_is_scoped_to_the_managers_teams(client_for, personas):
    acknowledge(client_for("clinician"))
    report = {r.state.page.slug: r for r in queries.reading_report(personas.manager)}
    names = {m.user.full_name for m in report["safe-remote-session"].not_read}
    # Team A's colleague and manager have not read it; the clinician has.
    assert names == {"Jordan Patel", "Morgan Ellis"}
    everyone_else = {m.user.full_name for m in report["when-a-call-fails"].not_read}
    assert everyone_else == {"Dr Casey Lee", "Jordan Patel", "Morgan Ellis"}
    # Robin Okafor works in team B, which this manager does not manage.
    body = client_for("manager").get(reverse("guidance:reading")).content.decode()
    assert "Jordan Patel" in body and "Robin Okafor" not in body


def test_a_manager_of_team_b_sees_only_team_b(personas):
    other = staff("manager.b@example.org", "Drew Hale", personas.team_b, role="manager")
    report = queries.reading_report(other)
    names = {m.user.full_name for r in report for m in r.not_read}
    assert names == {"Robin Okafor", "Drew Hale"}


def test_overdue_pages_are_flagged_to_managers(client_for, personas):
    PageVersion.objects.filter(page__slug="when-a-call-fails").update(
        review_by=dt.date.today() - dt.timedelta(days=1)
    )
    assert (
        "Review overdue" in client_for("manager").get(reverse("guidance:reading")).content.decode()
    )
    assert "Review overdue" in client_for("manager").get(reverse("guidance:index")).content.decode()
    assert (
        "Review overdue"
        not in client_for("clinician").get(reverse("guidance:index")).content.decode()
    )


# --- Preparation pages ------------------------------------------------------------


@pytest.mark.parametrize("persona", ["anonymous", "service_user", "carer"])
@pytest.mark.parametrize("modality", ["video", "phone", "messaging"])
def test_preparation_pages_reach_service_users_and_carers(client_for, personas, persona, modality):
    response = client_for(persona).get(reverse("guidance:prepare", kwargs={"modality": modality}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Need help now?" in body
    assert "face to face" in body


def test_video_preparation_covers_what_people_need(client_for, personas):
    body = (
        client_for("service_user")
        .get(reverse("guidance:prepare", kwargs={"modality": "video"}))
        .content.decode()
    )
    for words in ("feel different", "Test your device", "private, safe place", "will call"):
        assert words in body


def test_preparation_needs_no_role_and_no_two_step_verification(client, personas):
    """Preparation pages are public: a signed-in account with no role reaches them."""
    user = factories.UserFactory(email="su2@example.org")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("guidance:prepare-index")).status_code == 200


def test_unknown_preparation_modality_is_404(client):
    assert (
        client.get(reverse("guidance:prepare", kwargs={"modality": "face_to_face"})).status_code
        == 404
    )
    assert client.get(reverse("guidance:prepare", kwargs={"modality": "x"})).status_code == 404


def test_page_list_shows_read_state_in_a_fixed_number_of_queries(
    personas, django_assert_max_num_queries
):
    page = queries.page_by_slug(personas.clinician, slug="safe-remote-session")
    assert page is not None
    services.acknowledge(actor=personas.clinician, version=page.current)
    with django_assert_max_num_queries(3):
        states = queries.all_pages(personas.clinician)
    assert len(states) >= 17
    read = {s.page.slug for s in states if s.acknowledged_at is not None}
    assert read == {"safe-remote-session"}
