"""The questionnaire pages: Sam fills one in and sees what happens next, his
team reads it, and the service admin adds and retires questionnaires."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.alerts.models import Alert
from tandem.diary.models import CheckInSchedule, Frequency
from tandem.measures.instruments import builtin_definitions
from tandem.measures.models import Instrument, Response
from tandem.measures.queries import by_when
from tandem.measures.tests.helpers import answer, builtin, phq9_answers, schedule_for
from tandem.web import charts
from tests.personas import Personas

pytestmark = pytest.mark.django_db

RISK_WORDS = re.compile(r"\b(risk score|risk level|high risk|low risk|red|amber|green)\b", re.I)


def text(response) -> str:  # type: ignore[no-untyped-def]
    page = response.content.decode()
    # No page here shows anything a person typed, so escaped markup is a template bug.
    assert "&lt;" not in page
    return page


def form_answers(answers: dict[str, int | None], *, key: uuid.UUID | None = None, version: int = 1):  # type: ignore[no-untyped-def]
    data = {f"item-{k}": str(v) for k, v in answers.items() if v is not None}
    data["submission_key"] = str(key or uuid.uuid4())
    data["version"] = str(version)
    return data


@pytest.fixture
def phq9(personas: Personas) -> Instrument:
    return builtin("phq9")


@pytest.fixture
def sams_schedule(personas: Personas, phq9: Instrument) -> CheckInSchedule:
    return schedule_for(personas.su, personas.team_a, phq9, personas.clinician)


# --- Sam ---------------------------------------------------------------------------------


def test_sam_sees_what_is_due_today(client_for, personas, sams_schedule):
    page = text(client_for("service_user").get(reverse("measures:mine")))
    assert "Due today" in page and "Fill in the PHQ-9" in page
    assert "not watched around the clock" in page


def test_once_answered_today_it_is_no_longer_due(client_for, personas, phq9, sams_schedule):
    answer(personas.service_user, personas.su, phq9, phq9_answers(), schedule=sams_schedule)
    page = text(client_for("service_user").get(reverse("measures:mine")))
    assert "Due today" not in page and "Next due on" in page
    assert "8 out of 27: Mild depression" in page


def test_weekly_schedule_is_not_due_on_other_days(client_for, personas, phq9):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).weekday()
    schedule_for(
        personas.su,
        personas.team_a,
        phq9,
        personas.clinician,
        frequency=Frequency.WEEKLY,
        weekdays=str(tomorrow),
    )
    page = text(client_for("service_user").get(reverse("measures:mine")))
    assert "Due today" not in page and "Next due on" in page


def test_sam_fills_in_phq9_and_sees_his_total_and_band_without_colour(
    client_for, personas, sams_schedule
):
    sam = client_for("service_user")
    url = reverse("measures:fill", args=[sams_schedule.pk])
    form = text(sam.get(url))
    assert "Over the last 2 weeks" in form and 'name="submission_key"' in form
    response = sam.post(url, form_answers(phq9_answers(each=2)))
    saved = Response.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("measures:result", args=[saved.pk])
    page = text(sam.get(response["Location"]))
    assert "16 out of 27: Moderately severe depression" in page
    assert "It is not a measure of risk" in page
    assert "What happens next" not in page
    assert not RISK_WORDS.search(page)
    assert not Alert.objects.exists()


def test_item_9_shows_crisis_contacts_first_and_what_happens_next(
    client_for, personas, sams_schedule
):
    sam = client_for("service_user")
    response = sam.post(
        reverse("measures:fill", args=[sams_schedule.pk]), form_answers(phq9_answers(item9=1))
    )
    page = text(sam.get(response["Location"]))
    assert Alert.objects.count() == 1
    help_at = page.index("If you need help now, do not wait")
    assert help_at < page.index("Your score")
    assert "Samaritans" in page and 'href="tel:999"' in page
    # 'today, by 11:59pm' by day, 'by 1am tomorrow' late at night (by_when's own tests).
    when = by_when(Alert.objects.get().respond_by)
    assert f"Your care team (Northgate CMHT) will look at your answer {when}" in page
    assert "Questionnaires are not watched around the clock" in page
    assert "Your care team will look at this answer" in page


def test_a_missing_answer_is_asked_for_and_nothing_is_saved(client_for, personas, sams_schedule):
    answers = phq9_answers() | {"q9": None}
    response = client_for("service_user").post(
        reverse("measures:fill", args=[sams_schedule.pk]), form_answers(answers)
    )
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Select an answer to question 9" in page and 'href="#id_item-q9"' in page
    assert not Response.objects.exists()


def test_an_out_of_range_answer_is_refused(client_for, personas, sams_schedule):
    response = client_for("service_user").post(
        reverse("measures:fill", args=[sams_schedule.pk]), form_answers(phq9_answers(q1=7))
    )
    assert "Select an answer to question 1 from the list" in text(response)
    assert not Response.objects.exists()


def test_sending_twice_saves_once(client_for, personas, sams_schedule):
    sam = client_for("service_user")
    url = reverse("measures:fill", args=[sams_schedule.pk])
    key = uuid.uuid4()
    first = sam.post(url, form_answers(phq9_answers(item9=1), key=key))
    second = sam.post(url, form_answers(phq9_answers(item9=1), key=key))
    assert first["Location"] == second["Location"]
    assert Response.objects.count() == 1 and Alert.objects.count() == 1


def test_a_form_from_an_older_version_is_refused(client_for, personas, sams_schedule):
    response = client_for("service_user").post(
        reverse("measures:fill", args=[sams_schedule.pk]), form_answers(phq9_answers(), version=2)
    )
    assert "This questionnaire changed while it was open" in text(response)
    assert not Response.objects.exists()


def test_sam_cannot_post_to_kits_schedule(client_for, personas, phq9):
    kits = schedule_for(personas.other_su, personas.team_b, phq9, personas.outsider)
    response = client_for("service_user").post(
        reverse("measures:fill", args=[kits.pk]), form_answers(phq9_answers())
    )
    assert response.status_code == 404
    assert not Response.objects.exists()


# --- Staff -------------------------------------------------------------------------------


def test_dr_lee_sees_sams_answers_with_review_marked_in_words(
    client_for, personas, phq9, sams_schedule
):
    saved = answer(
        personas.service_user, personas.su, phq9, phq9_answers(item9=3), schedule=sams_schedule
    )
    lee = client_for("clinician")
    page = text(lee.get(reverse("measures:staff-person", args=[personas.su.pk])))
    assert "An answer needs review" in page and "PHQ-9" in page
    one = text(lee.get(reverse("measures:staff-response", kwargs={"pk": saved.pk})))
    assert "An answer needs review." in one and "respond by" in one
    assert "Needs review by the care team" in one
    assert "Nearly every day" in one
    assert not RISK_WORDS.search(one)


def test_outsider_gets_the_same_404_for_sams_response(client_for, personas, phq9, sams_schedule):
    saved = answer(personas.service_user, personas.su, phq9, phq9_answers(), schedule=sams_schedule)
    outsider = client_for("outsider")
    not_yours = outsider.get(reverse("measures:staff-response", kwargs={"pk": saved.pk}))
    missing = outsider.get(reverse("measures:staff-response", kwargs={"pk": 987654}))
    assert not_yours.status_code == missing.status_code == 404
    assert (
        outsider.post(
            reverse("measures:staff-fill", args=[personas.su.pk, phq9.pk]),
            form_answers(phq9_answers()),
        ).status_code
        == 404
    )
    assert Response.objects.count() == 1


def test_clinician_fills_one_in_with_sam_leaving_one_blank(client_for, personas, phq9):
    lee = client_for("clinician")
    url = reverse("measures:staff-fill", args=[personas.su.pk, phq9.pk])
    response = lee.post(url, form_answers(phq9_answers() | {"q3": None}))
    saved = Response.objects.get()
    assert response["Location"] == reverse("measures:staff-response", kwargs={"pk": saved.pk})
    assert saved.submitted_by == personas.clinician and not saved.complete
    page = text(lee.get(response["Location"]))
    assert "Incomplete: not every question was answered, so there is no total" in page
    assert "Not answered" in page


def test_clinician_asks_sam_weekly_and_stops_it(client_for, personas, phq9):
    lee = client_for("clinician")
    url = reverse("measures:staff-ask", args=[personas.su.pk])
    assert "Which questionnaire?" in text(lee.get(url))
    problem = lee.post(url, {"instrument": str(phq9.pk), "frequency": "weekly"})
    assert "Select at least one day of the week" in text(problem)
    response = lee.post(
        url,
        {
            "instrument": str(phq9.pk),
            "frequency": "weekly",
            "weekdays": ["0", "3"],
            "remind_at": "18:00",
            "team": str(personas.team_a.pk),
        },
    )
    assert response.status_code == 302
    schedule = CheckInSchedule.objects.get()
    assert schedule.weekdays == "0,3" and schedule.remind_at == dt.time(18, 0)
    page = text(lee.get(reverse("measures:staff-person", args=[personas.su.pk])))
    assert "Every Monday and Thursday, with a reminder at 6pm" in page
    end = reverse("measures:staff-end-schedule", args=[schedule.pk])
    assert f'href="{end}"' in page
    assert "Their answers so far are kept" in text(lee.get(end))
    assert lee.post(end).status_code == 302
    schedule.refresh_from_db()
    assert schedule.ended_by == personas.clinician


def test_outcomes_between_first_and_latest_pairs(client_for, personas, phq9):
    gad7 = builtin("gad7")
    start = timezone.now() - dt.timedelta(days=70)
    for when, phq, gad in ((start, 16, 13), (timezone.now(), 7, 5)):
        for instrument, total, items in ((phq9, phq, 9), (gad7, gad, 7)):
            values = [min(3, max(0, total - 3 * i)) for i in range(items)]
            r = answer(
                personas.clinician,
                personas.su,
                instrument,
                {f"q{n + 1}": v for n, v in enumerate(values)},
                team=personas.team_a,
            )
            Response.objects.filter(pk=r.pk).update(submitted_at=when)
    page = text(
        client_for("clinician").get(reverse("measures:staff-person", args=[personas.su.pk]))
    )
    assert "NHS Talking Therapies outcomes" in page
    compact = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Reliable improvement Yes" in compact
    assert "Reliable recovery Yes" in compact
    assert "Reliable deterioration No" in compact


# --- Service admin -------------------------------------------------------------------------


def test_admin_adds_a_questionnaire_from_pasted_json(client_for, personas):
    admin = client_for("admin")
    data = next(d for d in builtin_definitions() if d["code"] == "gad2")
    data = data | {"code": "local-gad2", "title": "Local anxiety screen", "short_title": "Local"}
    response = admin.post(
        reverse("measures:add-instrument"),
        {"definition": json.dumps(data), "licence_note": "Free to use (Pfizer)"},
    )
    added = Instrument.objects.get(code="local-gad2")
    assert response["Location"] == reverse("measures:instrument", args=[added.pk])
    page = text(admin.get(reverse("measures:instruments")))
    assert "Local anxiety screen" in page


def test_a_broken_definition_gets_every_problem_and_saves_nothing(client_for, personas):
    data = next(d for d in builtin_definitions() if d["code"] == "gad2")
    data = data | {"code": "x", "bands": [{"min": 0, "max": 2, "label": "Low"}]}
    response = client_for("admin").post(
        reverse("measures:add-instrument"), {"definition": json.dumps(data), "licence_note": "Ours"}
    )
    page = text(response)
    assert "There is a problem" in page and "No band covers totals 3 to 6" in page
    assert not Instrument.objects.filter(code="x").exists()
    bad = client_for("admin").post(
        reverse("measures:add-instrument"), {"definition": "{not json", "licence_note": ""}
    )
    assert "This is not valid JSON" in text(bad)
    assert "Say who holds the licence" in text(bad)


def test_admin_retires_a_questionnaire_no_one_is_asked_for(client_for, personas):
    gad2 = builtin("gad2")
    response = client_for("admin").post(reverse("measures:instrument", args=[gad2.pk]))
    assert response.status_code == 302
    gad2.refresh_from_db()
    assert gad2.retired_at is not None


def test_retiring_one_in_use_says_why_not(client_for, personas, phq9, sams_schedule):
    response = client_for("admin").post(reverse("measures:instrument", args=[phq9.pk]))
    assert "1 person is still asked to fill in the PHQ-9" in text(response)


def test_an_answer_sent_late_at_night_says_tomorrow_not_today():
    from tandem.measures.queries import by_when

    late = timezone.make_aware(dt.datetime(2026, 11, 22, 23, 30))
    assert by_when(late + dt.timedelta(hours=2), now=late) == "by 1:30am tomorrow"
    assert by_when(late.replace(hour=23, minute=59), now=late) == "today, by 11:59pm"


@pytest.mark.parametrize("code", ["phq9", "gad7", "phq2", "gad2"])
def test_the_footer_names_the_questionnaire_once(client_for, personas, code):
    """Issue 16: the footer read 'PHQ-9. PHQ-9. Developed by...'."""
    instrument = builtin(code)
    title = instrument.short_title
    page = text(
        client_for("clinician").get(
            reverse("measures:staff-fill", args=[personas.su.pk, instrument.pk])
        )
    )
    footer = re.search(r'<p class="nhsuk-body-s">([^<]*Developed by[^<]*)</p>', page)
    assert footer is not None
    assert footer.group(1).startswith(f"{title}. ")
    assert footer.group(1).count(title) == 1
    assert f"{title}. {title}" not in footer.group(1)


def test_a_stored_definition_that_repeats_its_name_is_shown_once(client_for, personas):
    """Definitions never change once stored (ADR 0015), so one installed before
    the fix still carries 'PHQ-9. Developed by...': the footer says it once."""
    phq9 = builtin("phq9")
    phq9.definition = {**phq9.definition, "licence": "PHQ-9. Developed by Drs Spitzer et al."}
    phq9.save(update_fields=["definition"])
    page = text(
        client_for("clinician").get(reverse("measures:staff-fill", args=[personas.su.pk, phq9.pk]))
    )
    assert "PHQ-9. Developed by Drs Spitzer et al." in page
    assert "PHQ-9. PHQ-9." not in page


# --- Issue 16: totals over time, as a chart with its table ------------------------------


def answered_on(days_ago: int, saved: Response) -> Response:
    Response.objects.filter(pk=saved.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return saved


@pytest.fixture
def sams_results(personas, phq9):
    """Three complete PHQ-9s (16, 8, 3), one left incomplete, and two GAD-7s (12, 6)."""
    gad7 = builtin("gad7")
    sam, su = personas.service_user, personas.su
    phq = schedule_for(su, personas.team_a, phq9, personas.clinician)
    gad = schedule_for(su, personas.team_a, gad7, personas.clinician)
    for days_ago, each, q1 in ((42, 2, 2), (28, 1, 1), (14, 0, 3)):
        answers = phq9_answers(each=each, q1=q1)
        answered_on(days_ago, answer(sam, su, phq9, answers, schedule=phq))
    incomplete = phq9_answers(each=1)
    del incomplete["q3"]
    answered_on(7, answer(sam, su, phq9, incomplete, schedule=phq))
    for days_ago, each in ((40, 2), (12, 1)):
        answers = {f"q{n}": each for n in range(1, 8)}
        answered_on(days_ago, answer(sam, su, gad7, answers, schedule=gad))


def chart_of(page: str, code: str) -> str:
    found = re.search(rf'<svg[^>]*id="chart-{code}".*?</svg>', page, re.S)
    assert found is not None, f"no {code} chart"
    return html.unescape(found.group(0))


def assert_score_charts(page: str) -> None:
    phq = chart_of(page, "phq9")
    assert 'role="img"' in phq and "<title" in phq and 'width="320"' in phq
    # One dot per complete result, at its total, oldest first; the incomplete one is not drawn.
    dots = [float(y) for y in re.findall(r'<circle cx="[^"]+" cy="([^"]+)"', phq)]
    expected = [charts.y_position(t, y_min=0, y_max=27, frame=charts.NARROW) for t in (16, 8, 3)]
    assert dots == [round(y, 1) for y in expected]
    # The published bands named in words, beside the chart and in its description.
    drawn = re.findall(r"<tspan[^>]*>([^<]+)</tspan>", phq)
    assert drawn == ["Minimal", "Mild", "Moderate", "Moderately", "severe", "Severe"]
    assert (
        "The questionnaire's published bands: 0 to 4 minimal depression, 5 to 9 mild "
        "depression, 10 to 14 moderate depression, 15 to 19 moderately severe depression, "
        "20 to 27 severe depression." in phq
    )
    assert "Lowest 3, highest 16, latest 3 (Minimal depression)." in phq
    gad = chart_of(page, "gad7")
    assert len(re.findall(r"<circle", gad)) == 2
    assert "15 to 21 severe anxiety" in gad
    assert re.findall(r"<tspan[^>]*>([^<]+)</tspan>", gad) == [
        "Minimal",
        "Mild",
        "Moderate",
        "Severe",
    ]
    # The same figures as a table, newest first, with the band in words.
    table = re.search(r'id="phq9-scores".*?<table.*?</table>', page, re.S)
    assert table is not None
    rows = re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", table.group(0), re.S)
    cells = [re.findall(r"<td[^>]*>([^<]*)</td>", r) for r in rows]
    assert [c[1:] for c in cells if c] == [
        ["3", "Minimal depression"],
        ["8", "Mild depression"],
        ["16", "Moderately severe depression"],
    ]
    assert "they are not a risk rating" in page
    assert not RISK_WORDS.search(page)


def test_sam_sees_his_phq9_and_gad7_totals_as_charts_with_their_tables(
    client_for, personas, sams_results
):
    assert_score_charts(text(client_for("service_user").get(reverse("measures:mine"))))


def test_dr_lee_sees_the_same_charts_and_others_see_none_of_them(
    client_for, personas, sams_results
):
    url = reverse("measures:staff-person", args=[personas.su.pk])
    assert_score_charts(text(client_for("clinician").get(url)))
    # Someone who may not see Sam's results gets the same 404 as for no one at all.
    outsider = client_for("outsider")
    assert outsider.get(url).status_code == 404
    missing = reverse("measures:staff-person", args=[987654])
    assert outsider.get(missing).status_code == 404
    # Kit's own page has no chart of Sam's.
    kits = text(client_for("other_service_user").get(reverse("measures:mine")))
    assert "chart-phq9" not in kits and "No questionnaires answered yet" in kits


def test_no_complete_results_draws_no_chart(client_for, personas, phq9):
    incomplete = phq9_answers()
    del incomplete["q2"]
    schedule = schedule_for(personas.su, personas.team_a, phq9, personas.clinician)
    answer(personas.service_user, personas.su, phq9, incomplete, schedule=schedule)
    page = text(client_for("service_user").get(reverse("measures:mine")))
    assert "tandem-chart" not in page and "Incomplete" in page
