"""The days behind an early-warning alert, on the alert's page (issue 20): a
chart for each thing the alert names with a table of the same values, their
usual as a dashed line, the days of the change shaded, a gap for a day with no
entry, which way is worse said on the axis (HAZ-371), and no score or colour.
Missed check-ins and a diary no longer shared get a sentence instead."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.alerts import days_behind
from tandem.alerts.models import Alert, AlertKind
from tandem.alerts.raising import raise_alert
from tandem.alerts.tests.diary_alerts import AS_OF, DROP_FROM, GAPS, SIGN, back, raise_sleep_alert
from tandem.alerts.tests.diary_alerts import write_days as write_more_days
from tandem.diary.models import DiaryEntry, DiaryPlan
from tandem.web import charts
from tests.personas import Personas

pytestmark = pytest.mark.django_db

# The page's queries with the chart (15: the session and who is signed in,
# the alert and its audit, the team's settings, the diary's five reads),
# whatever the number of days.
MOST_QUERIES = 16


def page_of(client_for, alert: Alert, client: Client | None = None) -> str:  # type: ignore[no-untyped-def]
    client = client or client_for("clinician")
    response = client.get(reverse("alerts:alert", kwargs={"pk": alert.pk}))
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, key: str) -> str:
    """One chart's section: its heading, words, picture and table."""
    start = page.index(f'aria-labelledby="{key}-heading"')
    return page[start : page.index("</section>", start)]


def table_rows(part: str) -> list[tuple[str, str]]:
    """(day as shown, value) for each row of the section's table, newest first."""
    body = part[part.index("<tbody") :]
    cells = re.findall(r"<th scope=\"row\"[^>]*>(.*?)</th>\s*<td[^>]*>(.*?)</td>", body, re.S)
    return [(re.sub(r"<[^>]+>", "", d).strip(), html.unescape(v).strip()) for d, v in cells]


def svg(part: str) -> str:
    return part[part.index("<svg") : part.index("</svg>")]


def test_each_thing_the_alert_names_is_drawn_with_a_table_of_the_same_values(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    alert, sign = raise_sleep_alert(personas)
    # The sign and sleep on their own, and the diary taken together.
    assert alert.summary == (
        f"Changed from their usual: '{SIGN}', sleep and signals taken together"
    )
    page = page_of(client_for, alert)
    assert "The days behind it" in page
    keys = ["days-mood", "days-sleep", "days-anxiety", f"days-sign-{sign.pk}"]
    assert [page.index(f'id="{k}-heading"') for k in keys] == sorted(
        page.index(f'id="{k}-heading"') for k in keys
    )
    assert f"\u2018{SIGN}\u2019" in section(page, f"days-sign-{sign.pk}")

    sleep = section(page, "days-sleep")
    rows = table_rows(sleep)
    # Six weeks up to the night the check judged, newest first.
    assert len(rows) == 42
    assert rows[0][0].startswith(f"{AS_OF:%a}") and f"{AS_OF.day}" in rows[0][0]
    entries = {e.day: e for e in DiaryEntry.objects.filter(service_user=personas.su)}
    shown = [AS_OF - dt.timedelta(days=i) for i in range(42)]
    for day, (said, value) in zip(shown, rows, strict=True):
        entry = entries.get(day)
        # A day with no entry is said so, never a zero.
        expected = "Not filled in" if entry is None else f"{float(entry.sleep_hours):g} hours"
        assert value == expected, (day, said, value)
        assert ("(change seen)" in said) == (day >= DROP_FROM), (day, said)
    gaps = [back(n) for n in GAPS]
    assert all(day in shown and day not in entries for day in gaps)

    picture = svg(sleep)
    # One marker a day with a value, and the line broken at each gap.
    assert picture.count("<circle") == len(rows) - len(gaps)
    assert picture.count("<polyline") == len(gaps) + 1
    assert f"filled in on {len(rows) - len(gaps)} of 42 days" in picture
    # Their usual, in the same words as the alert's reason, dashed and named.
    [reason] = [r for r in alert.reasons if r.startswith("Sleep")]
    usual = re.search(r"usually about ([\d.]+) hours", reason)
    assert usual is not None
    assert f"Their usual, about {usual.group(1)} hours" in picture
    assert 'stroke-dasharray="8 5"' in picture
    assert "Days the change was seen" in picture
    assert f"Their usual is about {usual.group(1)} hours." in sleep

    # Which way is worse is said on the chart itself (HAZ-371).
    assert "Mood, 0 to 10: higher is better" in svg(section(page, "days-mood"))
    assert "Anxiety, 0 to 10: higher is worse" in svg(section(page, "days-anxiety"))
    rated = svg(section(page, f"days-sign-{sign.pk}"))
    assert "higher is worse" in rated
    assert "Their usual, about 0.5 out of 4" in rated
    assert any("(usually about 0.5 out of 4)" in r for r in alert.reasons)
    # Words and line styles only: every chart in the one ink and two greys.
    behind = page[page.index('id="days-behind"') : page.index("<h2>Contact</h2>")]
    drawn = re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', behind)
    assert drawn and set(drawn) <= {charts.INK, charts.GRID, charts.BAND}


def test_more_days_of_diary_do_not_mean_more_queries(
    personas: Personas, client_for, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    alert, sign = raise_sleep_alert(personas)
    lee = client_for("clinician")
    # The first page after signing in also writes the session: not counted.
    page_of(client_for, alert, lee)
    with CaptureQueriesContext(connection) as short:
        page_of(client_for, alert, lee)
    # Nine more days before, up to the detector's look-back.
    write_more_days(personas, sign, range(89, 80, -1))
    with django_assert_max_num_queries(MOST_QUERIES), CaptureQueriesContext(connection) as long:
        page = page_of(client_for, alert, lee)
    assert "days-sleep" in page
    assert len(long.captured_queries) == len(short.captured_queries)


def other_alert(p: Personas, kind: str, reason: str) -> Alert:
    """An alert of another kind about Sam, over the days of the change."""
    return raise_alert(
        team=p.team_a,
        service_user=p.su,
        kind=kind,
        summary=reason,
        reasons=[reason],
        about_key=f"{kind}:test",
        data_from=DROP_FROM,
        data_to=AS_OF,
    )


def test_missed_check_ins_say_why_there_is_no_chart(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    alert = other_alert(personas, AlertKind.MISSED_CHECK_INS, "No diary entry on the last 6 days")
    page = page_of(client_for, alert)
    assert "The days behind it" in page
    assert html.escape(days_behind.NO_CHART_FOR_MISSED, quote=False) in page.replace("&#39;", "'")
    assert "<svg" not in page.split("<main")[1]


def test_a_diary_no_longer_shared_is_not_drawn(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    alert, _ = raise_sleep_alert(personas)
    DiaryPlan.objects.filter(service_user=personas.su).update(share_with_team=False)
    page = page_of(client_for, alert)
    assert "Their diary is not shared with this team now" in page
    assert "<svg" not in page.split("<main")[1]


def test_an_alert_not_from_the_diary_has_no_days_behind_it(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    alert = other_alert(personas, AlertKind.WORRYING_WORDS, "Worrying words in a diary note")
    assert "The days behind it" not in page_of(client_for, alert)
