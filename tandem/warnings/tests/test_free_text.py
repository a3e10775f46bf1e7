"""The worrying-words check on every free text staff read, not only messages
(issue 19): diary notes, carers' views, and the seam other apps call.

Each source: the flag appears for staff where they read the text, in words
and never as a score; the writer sees where to get help now; only the team
sees the flag, and anyone else gets the same 404 as for a missing page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.alerts.models import Alert, AlertKind
from tandem.audit.models import AuditEvent
from tandem.carers.models import CarerView
from tandem.diary.models import DiaryEntry
from tandem.diary.tests.helpers import fill_in, set_up_diary
from tandem.warnings import detector
from tandem.warnings.free_text import check_text, screen_text
from tandem.worklist.models import WorkItem
from tests.pages import same_page_text
from tests.personas import Personas

pytestmark = pytest.mark.django_db

# Told without any word on the phrase list: only the meaning layer finds it.
PLATFORM = "I keep standing on the platform edge when the fast trains go through"
POLISH = "Nie mogę już tak żyć, nikt mi nie pomaga i boję się tej nocy"
ROUTINE = "Slept better this week. Went for a walk with my sister on Sunday."


def test_the_phrase_list_alone_misses_the_example_the_meaning_layer_finds() -> None:
    assert not detector.check(PLATFORM).flagged
    assert check_text(text=PLATFORM, team_id=None).flagged


# --- Diary notes ---------------------------------------------------------------------------------


def test_a_worrying_diary_note_is_flagged_for_the_team_in_words_and_the_writer_sees_help(
    client_for, personas: Personas
) -> None:  # type: ignore[no-untyped-def]
    set_up_diary(personas.clinician, personas.su)
    sam = client_for("service_user")
    response = sam.post(
        reverse("diary:entry"),
        {"day": timezone.localdate().isoformat(), "note": PLATFORM},
        follow=True,
    )
    assert "If you need help now, do not wait" in same_page_text(response)
    entry = DiaryEntry.objects.get(service_user=personas.su)
    assert entry.note_flag and "close in meaning to" in entry.note_flag[0]
    alert = Alert.objects.get(kind=AlertKind.WORRYING_WORDS, service_user=personas.su)
    # The alert's notice goes by email: the category, never the words.
    assert "may be about" in alert.reasons[0]
    assert "platform" not in " ".join(alert.reasons)

    url = reverse("diary:staff-person", kwargs={"pk": personas.su.pk})
    page = same_page_text(client_for("clinician").get(url))
    assert "The worrying-words check asked the team to read this note sooner" in page
    assert "Words, not a score" in page
    assert "close in meaning to" in page
    # Only the team: a clinician in another team gets the page everyone gets
    # for a record that is not there.
    outsider = client_for("outsider").get(url)
    missing = client_for("outsider").get(reverse("diary:staff-person", kwargs={"pk": 999_999}))
    assert outsider.status_code == missing.status_code == 404
    assert same_page_text(outsider) == same_page_text(missing)


def test_a_diary_note_not_in_english_is_marked_unread_and_an_ordinary_one_is_quiet(
    personas: Personas,
) -> None:
    set_up_diary(personas.clinician, personas.su)
    saved = fill_in(personas.service_user, personas.su, note=POLISH)
    assert saved.worrying
    assert saved.entry.note_flag == [
        "Written in Polish: not checked for worrying words; read it soon"
    ]
    saved = fill_in(personas.service_user, personas.su, note=ROUTINE)
    assert not saved.worrying
    saved.entry.refresh_from_db()
    assert saved.entry.note_flag == []  # the worrying note was replaced


# --- Carers' views -------------------------------------------------------------------------------


def test_a_worrying_carers_view_is_flagged_for_the_team_and_the_carer_is_shown_help(
    client_for, personas: Personas
) -> None:  # type: ignore[no-untyped-def]
    personas.carer_link.can_give_views = True
    personas.carer_link.save()
    carer = client_for("carer")
    response = carer.post(
        reverse("carers:give-view", kwargs={"pk": personas.su.pk}),
        {
            "about": "Review next week",
            "what_noticed": "He told me last night he has been hoarding his pills to take "
            "them all at once.",
            "worries": "<b>I am scared</b>",
            "what_helps": "",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("web:help")
    text = same_page_text(response)
    assert "read your view as soon as they can" in text
    assert "999" in text  # where to get help now, on the page they land on
    view = CarerView.objects.get()
    assert view.flag
    task = WorkItem.objects.get(about_key=f"carer-view:{view.pk}")
    assert task.title == f"Read a carer's view about {personas.su.display_name} sooner"
    # The task and its audit row are in the person's record download: the
    # category in words, never the carer's words (third-party information).
    assert "may be about" in task.reason
    assert "hoarding" not in task.reason
    audit = AuditEvent.objects.filter(object_type="worklist.WorkItem").latest("id")
    assert "hoarding" not in audit.what

    record = reverse("people:person", kwargs={"pk": personas.su.pk})
    page = same_page_text(client_for("clinician").get(record))
    assert "The worrying-words check asked the team to read this view sooner" in page
    assert "Words, not a score" in page
    assert "&lt;b&gt;I am scared&lt;/b&gt;" in client_for("clinician").get(record).content.decode()
    assert client_for("outsider").get(record).status_code == 404


def test_an_ordinary_carers_view_is_not_flagged(client_for, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    personas.carer_link.can_give_views = True
    personas.carer_link.save()
    response = client_for("carer").post(
        reverse("carers:give-view", kwargs={"pk": personas.su.pk}),
        {"about": "Review", "what_noticed": ROUTINE, "worries": "", "what_helps": "Walks"},
    )
    assert response.status_code == 302
    assert response["Location"] != reverse("web:help")
    assert CarerView.objects.get().flag == []
    page = same_page_text(
        client_for("clinician").get(reverse("people:person", kwargs={"pk": personas.su.pk}))
    )
    assert "read this view sooner" not in page


# --- The seam: screen_text -----------------------------------------------------------------------


def test_the_seam_raises_one_task_in_words_and_none_for_ordinary_text(
    personas: Personas,
) -> None:
    kwargs = {
        "source": "feedback",
        "person": personas.su,
        "team": personas.team_a,
        "about_key": "feedback:1",
        "where": "/feedback/1/",
    }
    first = screen_text(text=PLATFORM, **kwargs)  # type: ignore[arg-type]
    again = screen_text(text=PLATFORM, **kwargs)  # type: ignore[arg-type]
    assert first.flagged and first.task is not None and again.task == first.task
    assert first.task.title == f"Read feedback about {personas.su.display_name} sooner"
    # The task names the category, never the words (it is in the record
    # download); the explanation, for beside the text, has both.
    assert "may be about suicide" in first.task.reason and "/feedback/1/" in first.task.reason
    assert "platform" not in first.task.reason
    assert first.explanation[0].startswith('Suicide: "I keep standing on the platform edge')
    assert "close in meaning to" in first.explanation[0]
    quiet = screen_text(text=ROUTINE, **{**kwargs, "about_key": "feedback:2"})  # type: ignore[arg-type]
    assert not quiet.flagged and quiet.task is None
    # No team to read it: nothing raised, but the caller still learns it is
    # worrying and must show the writer where to get help.
    alone = screen_text(text=PLATFORM, **{**kwargs, "team": None, "about_key": "feedback:3"})  # type: ignore[arg-type]
    assert alone.flagged and alone.task is None


def test_enormous_and_hostile_text_is_never_taken_as_checked_whole(personas: Personas) -> None:
    # Over the 20,000 characters read, the rest after a blank start.
    enormous = " " * 20_000 + "All fine here, thank you for asking."
    decision = check_text(text=enormous, team_id=None)
    assert decision.truncated and decision.flagged
    assert "only the start was checked" in (decision.not_read or "")
    hostile = "<script>alert(1)</script>\u200b" * 50 + " I want to kill myself"
    screened = screen_text(
        text=hostile,
        source="feedback",
        person=personas.su,
        team=personas.team_a,
        about_key="feedback:9",
        where="/feedback/9/",
    )
    assert screened.flagged


def test_a_carers_view_is_refused_rather_than_passed_unchecked_if_the_check_is_missing(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tandem.carers import from_carers, screening

    personas.carer_link.can_give_views = True
    personas.carer_link.save()
    monkeypatch.setattr(screening, "_plugged", [])
    with pytest.raises(screening.NotPluggedIn):
        from_carers.give_view(
            actor=personas.carer,
            link=personas.carer_link,
            details=from_carers.ViewDetails(
                about="Review", what_noticed=ROUTINE, worries="", what_helps=""
            ),
        )
    assert not CarerView.objects.exists()
