"""Small-number suppression and rounding: every figure shown is safe to share."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.insights import suppression as safe
from tandem.insights.intervals import wilson


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, "0"), (1, "*"), (7, "*"), (8, "10"), (10, "10"), (12, "10"), (13, "15"), (1002, "1,000")],
)
def test_counts_from_1_to_7_are_hidden_and_others_rounded_to_5(count, shown):
    assert safe.count(count).text == shown


@given(st.integers(min_value=0, max_value=10_000_000))
def test_every_shown_count_is_0_or_a_multiple_of_5_near_the_truth(n):
    safe_n = safe.rounded(n)
    if 1 <= n <= 7:
        assert safe_n is None
    else:
        assert safe_n is not None and safe_n % 5 == 0 and abs(safe_n - n) <= 2
        assert (safe_n == 0) == (n == 0)


def test_a_negative_count_is_a_mistake():
    with pytest.raises(ValueError):
        safe.rounded(-1)


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [
        (3, 100, "*"),  # numerator hidden
        (0, 5, "*"),  # denominator hidden
        (7, 7, "*"),
        (0, 0, safe.NO_DENOMINATOR),  # nothing to divide by
        (0, 20, "0%"),
        (10, 40, "25%"),
        (8, 12, "100%"),  # 10 of 10 once rounded: never above 100%
        (12, 13, "67%"),  # 10 of 15
        (13, 100, "15%"),
    ],
)
def test_a_rate_is_hidden_when_its_numerator_or_denominator_is(numerator, denominator, shown):
    assert safe.rate(numerator, denominator).text == shown


@given(st.integers(0, 5000), st.integers(0, 5000))
def test_a_rate_is_hidden_exactly_when_a_count_it_rests_on_is(a, b):
    numerator, denominator = min(a, b), max(a, b)
    hidden = safe.rate(numerator, denominator).text == safe.SUPPRESSED
    assert hidden == (safe.is_suppressed(numerator) or safe.is_suppressed(denominator))


def test_a_rate_with_interval_uses_the_rounded_counts():
    shown = safe.rate(12, 41, interval=True)  # 10 of 40
    low, high = wilson(10, 40)
    assert shown.text == "25%"
    assert shown.low == pytest.approx(100 * low)
    assert shown.high == pytest.approx(100 * high)


def test_hidden_rates_have_no_value_for_charts():
    assert safe.rate(3, 40, interval=True).value is None


def test_wilson_interval_matches_known_values():
    # Published examples (Newcombe 1998): 0/10 and 5/10.
    assert wilson(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert wilson(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    assert wilson(10, 10) == pytest.approx((0.7225, 1.0), abs=1e-4)


def test_wilson_refuses_impossible_counts():
    with pytest.raises(ValueError):
        wilson(1, 0)
    with pytest.raises(ValueError):
        wilson(3, 2)


@pytest.mark.parametrize(
    ("median", "based_on", "shown"),
    [(12.5, 20, "12.5"), (3.0, 5, "*"), (None, 0, safe.NO_DENOMINATOR)],
)
def test_a_median_is_hidden_when_the_count_it_rests_on_is(median, based_on, shown):
    assert safe.days(median, based_on=based_on).text == shown


def test_staff_hours_are_rounded_to_5():
    assert safe.hours(12.4).text == "10"
    assert safe.hours(13).text == "15"
