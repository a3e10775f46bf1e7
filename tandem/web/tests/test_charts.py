"""Charts: an SVG a screen reader can name and describe, with gaps left as gaps,
for no data, one day and many."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from tandem.web import charts

START = dt.date(2026, 11, 1)


def days(n: int) -> list[dt.date]:
    return [START + dt.timedelta(days=i) for i in range(n)]


def draw(values: list[float | None], **kw: object) -> str:
    return str(
        charts.line_chart(
            chart_id="chart-mood",
            title="Mood",
            days=days(len(values)),
            values=values,
            y_min=0,
            y_max=10,
            ticks=[charts.Tick(v, str(v)) for v in range(0, 11, 2)],
            **kw,  # type: ignore[arg-type]
        )
    )


def test_a_chart_has_a_title_and_a_description_that_name_it() -> None:
    svg = draw([5, 6, 7])
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-mood-title"' in svg
    assert 'aria-describedby="chart-mood-desc"' in svg
    assert '<title id="chart-mood-title">Mood</title>' in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg)
    assert desc is not None
    assert desc.group(1) == (
        "Mood, 1 Nov to 3 Nov: filled in on 3 of 3 days. Lowest 5, highest 7, latest 7."
    )


def test_no_data_draws_axes_and_says_nothing_was_filled_in() -> None:
    svg = draw([None, None, None])
    assert "<polyline" not in svg and "<circle" not in svg
    assert "nothing filled in on these days" in svg
    # The value axis is still labelled.
    assert ">10</text>" in svg and ">0</text>" in svg


def test_no_days_at_all_is_not_an_error() -> None:
    svg = draw([])
    assert "no days to show" in svg


def test_one_day_is_a_dot_in_the_middle() -> None:
    svg = draw([4])
    assert "<polyline" not in svg
    assert svg.count("<circle") == 1
    assert f'cx="{charts.LEFT + charts.PLOT_W / 2:.1f}"' in svg
    assert "filled in on 1 of 1 days, 4." in svg


def test_missing_days_break_the_line_and_a_lone_day_is_still_shown() -> None:
    svg = draw([5, 6, None, 7, None, 3, 4, 5])
    # Two runs long enough for a line; the day on its own is a dot only.
    assert svg.count("<polyline") == 2
    assert svg.count("<circle") == 6
    assert "filled in on 6 of 8 days" in svg


def test_many_days_label_the_axis_from_the_last_day_as_far_apart_as_a_phone_needs() -> None:
    """Every two weeks on a wide chart; drawn for a 360 px phone (issue 23), 90
    days' labels are 25 days apart, so that none overlaps the next."""
    values: list[float | None] = [float(i % 10) for i in range(90)]
    svg = draw(values)
    bottom = charts.TOP + charts.PLOT_H + 22
    labels = re.findall(rf'y="{bottom}" text-anchor="\w+"[^>]*>([^<]+)</text>', svg)
    last = START + dt.timedelta(days=89)
    assert charts.label_every(90) == 25
    assert labels == [f"{last - dt.timedelta(days=d):%-d %b}" for d in (0, 25, 50, 75)]
    xs = [float(x) for x in re.findall(rf'<text x="([\d.]+)" y="{bottom}"', svg)]
    assert all(a - b >= 1.5 * charts.WIDE.label_width for a, b in itertools.pairwise(xs))


def test_four_weeks_have_a_date_label_every_week_or_so() -> None:
    svg = draw([5.0] * 28)
    bottom = charts.TOP + charts.PLOT_H + 22
    labels = re.findall(rf'y="{bottom}" text-anchor="\w+"[^>]*>([^<]+)</text>', svg)
    assert charts.label_every(28) <= 8 and len(labels) == 4


def test_values_outside_the_scale_stay_inside_the_chart() -> None:
    assert charts.y_position(12, y_min=0, y_max=10) == charts.TOP
    assert charts.y_position(-1, y_min=0, y_max=10) == charts.TOP + charts.PLOT_H


def test_titles_are_escaped() -> None:
    svg = str(
        charts.line_chart(
            chart_id="chart-sign-1",
            title="'<b>Hearing</b> things'",
            days=days(2),
            values=[1, 2],
            y_min=0,
            y_max=4,
            ticks=[charts.Tick(0, "Not at all")],
        )
    )
    assert "<b>" not in svg
    assert "&lt;b&gt;Hearing" in svg


def test_an_alert_period_is_shaded_and_said_in_words() -> None:
    svg = draw(
        [5, 5, 4, 3, 2], highlight=(START + dt.timedelta(days=3), START + dt.timedelta(days=4))
    )
    assert svg.count("<rect") == 1
    assert "The shaded days, 4 Nov to 5 Nov, are the ones an alert is about." in svg


def test_one_ink_colour_only() -> None:
    svg = draw([1, 9, None, 5])
    colours = set(re.findall(r'(?:stroke|fill)="(#[0-9a-f]{6})"', svg))
    assert colours <= {charts.INK, charts.GRID, charts.BAND}


def test_values_and_days_must_match() -> None:
    with pytest.raises(ValueError, match="One value"):
        charts.line_chart(
            chart_id="x", title="x", days=days(2), values=[1], y_min=0, y_max=1, ticks=[]
        )


def test_the_narrow_frame_keeps_its_text_at_14px_and_names_bands_beside_it() -> None:
    """Issue 16: chart text stays readable (at least 12 px) on a 360 px phone, so the
    narrow frame is drawn at its own size, never shrunk to fit."""
    svg = str(
        charts.line_chart(
            chart_id="chart-phq9",
            title="PHQ-9 total over time",
            days=days(6),
            values=[16, 14, 11, 9, 8, 3],
            y_min=0,
            y_max=27,
            ticks=[charts.Tick(v, str(v)) for v in (0, 5, 10, 15, 20, 27)],
            frame=charts.NARROW,
            bands=[
                charts.Band(0, 4, "Minimal"),
                charts.Band(5, 9, "Mild"),
                charts.Band(10, 14, "Moderate"),
                charts.Band(15, 19, "Moderately severe"),
                charts.Band(20, 27, "Severe"),
            ],
            description="PHQ-9 totals.",
        )
    )
    assert 'width="320" height="240"' in svg and 'width="100%"' not in svg
    assert set(re.findall(r'font-size="(\d+)"', svg)) == {"14"}
    assert re.findall(r"<tspan[^>]*>([^<]+)</tspan>", svg) == [
        "Minimal",
        "Mild",
        "Moderate",
        "Moderately",
        "severe",
        "Severe",
    ]
    assert '<desc id="chart-phq9-desc">PHQ-9 totals.</desc>' in svg
    # Date labels along the bottom are at least one and a half labels apart.
    bottom = charts.NARROW.top + charts.NARROW.plot_h + 22
    xs = [float(x) for x in re.findall(rf'<text x="([\d.]+)" y="{bottom}"', svg)]
    assert len(xs) >= 2
    assert all(a - b >= 1.5 * charts.NARROW.label_width for a, b in itertools.pairwise(xs))
