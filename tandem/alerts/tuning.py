"""The deterioration detector's names and settings (``tandem.alerts.detector``).

The item and kind names a ``Diary`` and a ``Signal`` use, the tuning
constants chosen with bench/early_warning_simulation.py (ADR 0017), and a
team's ``Thresholds``. docs/early-warning.md explains each.
"""

from __future__ import annotations

from dataclasses import dataclass

# Alert kinds, the same values as ``tandem.alerts.models.AlertKind``.
CHANGE = "change"
MISSED = "missed"

# Item names in a ``Diary``. A warning sign is ``SIGN_PREFIX`` + its id.
MOOD = "mood"
SLEEP = "sleep"
ANXIETY = "anxiety"
MEDICATION = "medication"
SIGN_PREFIX = "sign:"
ITEMS = (MOOD, SLEEP, ANXIETY, MEDICATION)
# Episode names for what is judged, where it differs from the item.
MOOD_HIGH = "mood-high"
CHECK_INS = "check-ins"

# The smallest spread each item is given, in its own units: a person who
# always rates mood 6 needs a 2-point move (with the default threshold of 2),
# not a 1-point one, before it counts.
SPREAD_FLOOR = {MOOD: 1.0, ANXIETY: 1.0, SLEEP: 0.75, SIGN_PREFIX: 0.5}
# Chosen with bench/early_warning_simulation.py on its tuning seed (ADR 0017).
SMOOTHING = 0.5
RECENT_DAYS = 14
LOOK_BACK = 90
# A sign rating of 3 ('A lot') or 4 ('Very much') is 'high'.
SIGN_HIGH = 3
SIGN_MAX = 4
# Medication: the days looked at, and how much more often than usual it must
# be missed (as a share of days answered).
MEDICATION_DAYS = 7
# 0.5 since issue 20 round 2: at 0.3 nearly every medication alert on both
# simulators fell outside any episode (46 false to 2 before a peak, sim2 seed 11).
# 0.7 since round four (5 of 7 days for someone who usually takes it): at 0.5
# short lapses of 4 days, not linked to any episode, were most of simulator
# 4's medication alerts (0.24 false a person-year, seed 43); at 0.7 0.14, with
# about as many episodes alerted before the peak on simulators 1 to 4.
# Round seven measured 0.8 (6 of 7 days): 0.01 to 0.05 fewer false alerts a
# person-year on simulators 4, 6 and 7, but an episode lost on simulator 3
# (one only medication alerted) and its median warning a day shorter; not
# kept (docs/early-warning.md, 'Round seven').
MEDICATION_MORE_THAN_USUAL = 0.7
# Disengagement: a regular diarist wrote on at least this share of days and
# has now written nothing for twice their longest usual gap, and at least:
REGULAR_SHARE = 0.7
# Missed check-ins in a row must be more than this many times the person's
# own longest run of missed check-ins in the days before.
MISSED_OVER_USUAL = 3.0
QUIET_AT_LEAST = 4
# The CUSUM alternative (bench only): reference value in spreads; the
# decision interval is twice the change threshold (h = 4 for the default 2).
CUSUM_REFERENCE = 0.5
# All signals together: each day, every item's robust distance from the
# person's usual (median and MAD of the baseline days) in the direction an
# episode moves it, added up and divided by the square root of their number,
# so one noisy item weighs less than several moving together.
# Issue 20 round three: 2 days in a row (one fewer than an item's 3) at
# 0.8 x the team's line (1.6 spreads at the default 2), where it was 3 days.
# Two days catch more fast onsets; the person's own usual for the day figure
# (below) keeps false alerts down. 0.95 had fewer false alerts but then four
# very bad days in the usual hid a change of one spread on every item
# (test_a_few_bad_days_in_the_usual_do_not_hide_a_change), so not kept.
TOGETHER_RATIO = 0.8
TOGETHER_SMOOTHING = 0.5
TOGETHER_FEWER_DAYS = 1
# Signals together judged against their own usual too (issue 20 round
# three): the day figure's median and spread over the baseline days, so
# someone whose items always move together (a bad day moves every one) needs
# more than someone whose items wobble apart. The spread is never taken below
# 1, what it is when items wobble apart: at a floor of 0.5 simulator 3 had a
# third more false alerts (1.32 to 1.76 a person-year, seed 25); at 1 the
# simulators measured had fewer, for as many episodes.
TOGETHER_SELF_SCALE = True
TOGETHER_SELF_FLOOR = 1.0
# One day's distance on one item counts at most this many spreads, so a
# single odd answer cannot make a pattern on its own.
TOGETHER_CLIP = 3.0
MAD_TO_SPREAD = 1.4826
# The mean distance from the centre, to a normal spread (sqrt(pi/2)).
MEAN_DISTANCE_TO_SPREAD = 1.2533
# An item is named in the reason when it moved at least this many spreads
# the episode's way, on average over the days of the change.
PART_OF_CHANGE = 0.5
# Signals together added up over days (issue 20 round seven, a CUSUM of the
# day figure): each day adds how far the figure is past its usual, less
# ``TOGETHER_ACCUMULATE_ALLOWANCE`` spreads, and the sum never goes below 0;
# past ``TOGETHER_ACCUMULATE_RATIO`` x the team's ``change_threshold``
# spreads for as many days in a row as signals together need, it is a
# signal, so a slow small move on every item adds up where the smoothed
# level never reaches its line. 0 turns it off, and it is off (a setting for
# the bench, ``Thresholds.accumulate_ratio``): on simulators 1 to 7 at 4 x
# (8 spreads) it alerted 0 to 0.7 points more episodes for 0.01 to 0.12 more
# false alerts a person-year, at 3 x more false alerts still (ADR 0084).
TOGETHER_ACCUMULATE_ALLOWANCE = 0.5
TOGETHER_ACCUMULATE_RATIO = 0.0
# Fewer check-ins than usual, judged over a week, with a floor on its spread.
TOGETHER_CHECK_INS = True
WRITING_WEEK = 7
# Weekday rhythms in signals together (bench only, off): each weekday needs
# this many baseline days with a value, and its offset counts at this share.
# Measured in issue 20 round two and not kept: on simulator 2 it gained 1.5
# points of episodes on seed 11 and lost 2 on seed 12 (docs/early-warning.md).
WEEKDAY_ADJUST = False
WEEKDAY_AT_LEAST = 4
WEEKDAY_SHRINK = 0.5
WRITING_SPREAD_FLOOR = 0.1
# Mood, sleep and anxiety each alone (not warning signs, not high mood): their
# line is this many times the team's ``change_threshold`` (2.5 spreads at the
# default 2). Since issue 20 round five: alerts for one of these three alone
# were mostly false (0.1 to 0.26 a person-year on simulators 1 to 5) and were
# the only alert before the peak for one or two episodes in 100-200; their
# changes still count among signals together, at that line as before. At
# 1.25 x: 0.07 to 0.17 fewer false alerts a person-year on every simulator
# (seeds 9, 19, 29, 46, 53) for 0 to 1.8 points of episodes, none of them
# fast onsets. A team's ``change_threshold`` still moves it.
ITEM_RATIO = 1.25
# A warning sign alone: its line is this many times ``change_threshold``.
SIGN_RATIO = 1.0
LOW = "together-low"
HIGH = "together-high"


@dataclass(frozen=True)
class Thresholds:
    """The detector's settings; the first four are a team's ``AlertSettings``."""

    baseline_days: int = 28
    change_threshold: float = 2.0
    change_days: int = 3
    missed_in_a_row: int = 5
    smoothing: float = SMOOTHING
    recent_days: int = RECENT_DAYS
    method: str = "ewma"  # or "cusum", for the simulation's comparison
    # All signals together (``together.together_signal``): its line is this share of
    # ``change_threshold``, so a team that asks for bigger changes gets them here too.
    together_ratio: float = TOGETHER_RATIO
    together_smoothing: float = TOGETHER_SMOOTHING
    # Days in a row for all signals together: this many fewer than a single
    # item's ``change_days`` (at least 1). 1 did better on simulator 2 in
    # round two but alerted on ordinary noise in the property tests, so 0
    # (ADR 0052); with the day figure judged against the person's own usual
    # (round three) it passes them, and is 1.
    together_fewer_days: int = TOGETHER_FEWER_DAYS
    # Signals together added up over days (``together.accumulated_run``): its
    # line is this many times ``change_threshold`` in spreads; 0 turns it off.
    accumulate_ratio: float = TOGETHER_ACCUMULATE_RATIO

    def __post_init__(self) -> None:
        if self.baseline_days < 1 or self.change_days < 1 or self.recent_days < 1:
            raise ValueError("baseline_days, change_days and recent_days must be at least 1")
        if not self.change_threshold > 0:
            raise ValueError("change_threshold must be above 0")
        if self.missed_in_a_row < 0:
            raise ValueError("missed_in_a_row must be 0 (off) or more")
        if not 0 < self.smoothing <= 1:
            raise ValueError("smoothing must be above 0 and at most 1")
        if self.accumulate_ratio < 0:
            raise ValueError("accumulate_ratio must be 0 (off) or more")
        if self.method not in ("ewma", "cusum"):
            raise ValueError("method must be 'ewma' or 'cusum'")

    @property
    def look_back(self) -> int:
        """Days of diary read for one night's judgement, ``as_of`` included."""
        return max(LOOK_BACK, self.baseline_days + self.recent_days)


# The settings recommended for a team (docs/early-warning.md, ADR 0052 and
# issue 20 round three) and ``replay_series``' defaults. They differ from
# ``Thresholds()`` (a new team's settings) in missed check-ins and days of
# baseline. Missed check-ins: 21 due days in a row rather than 5. On the
# simulators, alerts for 5 to 13 missed days were almost all holidays and
# lapses, not relapses (339 false to 16 before a peak, sim2 seed 11); 21
# rather than 14 had 0.08 to 0.2 fewer false alerts a person-year for the
# same episodes on simulator 3 and 2 points fewer on simulator 2. Fewer
# check-ins than usual already counts among the signals taken together.
# 28 since round four: on simulators 2, 3 and 4 missed check-ins were still
# 0.35 to 0.5 false alerts a person-year at 21 (weeks off writing, people who
# stopped), for one or two episodes alerted by nothing else; 28 saves 0.02
# to 0.09 of them for none lost (seeds 17, 27, 43). Turning them off would
# save the rest, but no one would then be told of a diary silent for weeks.
RECOMMENDED_MISSED_IN_A_ROW = 28
# Days with a value before an item is compared (a new team's setting stays
# 28): at 21 a daily diarist is first compared after 35 days, not 42, which
# on simulators 2 and 3 caught 3 to 4 points more episodes (those that began
# in a person's sixth week) for about 0.07 more false alerts a person-year.
# 10 since round four: on simulator 4 one episode in seven began before the
# person had 21 days written. At 14, 2.5 to 3 points more episodes on
# simulators 2, 3 and 4 (none lost on 1) for 0.07 to 0.09 more false alerts;
# at 10, another 2 to 3.5 points for 0.03 to 0.08 more (seeds 17, 27, 43).
# A usual from ten days is a thin one (HAZ-368): the 14 recent days are
# still never part of it, and a team's own setting stays 28.
RECOMMENDED_BASELINE_DAYS = 10


def recommended() -> Thresholds:
    return Thresholds(
        missed_in_a_row=RECOMMENDED_MISSED_IN_A_ROW, baseline_days=RECOMMENDED_BASELINE_DAYS
    )
