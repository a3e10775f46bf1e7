"""The definition checks: a service adding a broken questionnaire is told what is wrong."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.measures.instruments import InvalidDefinition, builtin_definitions, parse, parse_text

PHQ9 = next(d for d in builtin_definitions() if d["code"] == "phq9")


def problems_of(data: object) -> list[str]:
    with pytest.raises(InvalidDefinition) as caught:
        parse(data)
    return caught.value.problems


def changed(**changes: object) -> dict[str, object]:
    data = copy.deepcopy(PHQ9)
    data.update(changes)
    return data


def test_every_builtin_passes():
    assert len(builtin_definitions()) == 4


def test_not_an_object():
    assert problems_of([1, 2]) == ["A definition must be a JSON object, starting with '{'"]


def test_not_json_at_all_says_where():
    with pytest.raises(InvalidDefinition) as caught:
        parse_text('{"code": "x",')
    assert caught.value.problems[0].startswith("This is not valid JSON")
    assert "line 1" in caught.value.problems[0]


def test_duplicate_item_keys():
    items = copy.deepcopy(PHQ9["items"])
    items[1]["key"] = "q1"
    assert "Item 2: the key 'q1' is used by another item" in problems_of(changed(items=items))


def test_options_out_of_order():
    options = list(reversed(PHQ9["options"]))
    found = problems_of(changed(options=options))
    assert any("must be in order of their values, lowest first" in p for p in found)


def test_a_gap_in_the_bands():
    bands = copy.deepcopy(PHQ9["bands"])
    bands[1]["min"] = 6  # 5 is in no band
    assert "No band covers totals 5 to 5" in problems_of(changed(bands=bands))


def test_overlapping_bands():
    bands = copy.deepcopy(PHQ9["bands"])
    bands[1]["min"] = 4
    assert any("overlaps" in p for p in problems_of(changed(bands=bands)))


def test_bands_that_stop_short_of_the_highest_total():
    bands = copy.deepcopy(PHQ9["bands"])
    bands[-1]["max"] = 26
    assert "No band covers totals 27 to 27" in problems_of(changed(bands=bands))


def test_bands_that_go_past_the_highest_total():
    bands = copy.deepcopy(PHQ9["bands"])
    bands[-1]["max"] = 30
    assert any("highest possible total is 27" in p for p in problems_of(changed(bands=bands)))


def test_review_threshold_must_be_an_option_and_have_a_reason():
    items = copy.deepcopy(PHQ9["items"])
    items[8]["review_at_or_above"] = 7
    items[8]["review_reason"] = ""
    found = problems_of(changed(items=items))
    assert "Item 9: 'review_at_or_above' must be one of the item's option values" in found
    assert any(p.startswith("Item 9: say in 'review_reason' why") for p in found)


def test_unknown_fields_and_scoring_are_named():
    found = problems_of(changed(colour="red", scoring="weighted"))
    assert "Fields Tandem does not know: colour" in found
    assert "'scoring' must be \"sum\" (the total of the scored items)" in found


def test_every_problem_is_reported_at_once():
    found = problems_of({"code": "Bad Code!", "version": 0, "items": []})
    assert len(found) >= 5
    assert any("'code' must be" in p for p in found)
    assert any("'version' must be" in p for p in found)
    assert any("licence" in p for p in found)


def test_per_item_options_are_used_for_that_item():
    parsed = parse(PHQ9)
    item = parsed.item("q10")
    assert item is not None and item.label_for(3) == "Extremely difficult"


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
        max_leaves=20,
    )
)
def test_any_json_is_accepted_or_refused_with_reasons_never_a_crash(data: object):
    try:
        parse(data)
    except InvalidDefinition as exc:
        assert exc.problems and all(isinstance(p, str) for p in exc.problems)


def test_round_trips_through_json_text():
    parsed, data = parse_text(json.dumps(PHQ9))
    assert parsed.code == "phq9" and data == PHQ9
