"""A form error a service user or carer reads is one whole sentence in their
language, never a translated piece joined to English ("Select " + "…", "… must
be N characters or fewer"): translators cannot translate pieces (issue 27)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tandem.appointments.forms_person import CancelForm, FaceToFaceRequestForm, WayForm
from tandem.appointments.models import MAX_FREE_TEXT
from tandem.careplans.forms import CommentForm
from tandem.careplans.models import MAX_COMMENT
from tandem.diary.forms import SharingForm
from tandem.messaging.forms import NewThreadForm
from tandem.messaging.models import BODY_MAX, SUBJECT_MAX
from tandem.people.models import CareTeam, User
from tandem.safety.forms import PlanForm
from tandem.safety.models import MAX_SECTION
from tests.personas import Personas, sign_in

TWO_TEAMS = [CareTeam(pk=1, name="Northgate CMHT"), CareTeam(pk=2, name="Early Intervention")]

# (a form with its data, {field: the whole Welsh sentence expected}).
CASES: dict[str, tuple[Callable[[], forms.Form], dict[str, str]]] = {
    "a new message to one of two teams": (
        lambda: NewThreadForm(
            data={"subject": "a" * (SUBJECT_MAX + 1), "body": "b" * (BODY_MAX + 1)},
            teams=TWO_TEAMS,
        ),
        {
            "team": "Dewiswch ar gyfer pa dîm y mae hyn",
            "subject": f"Rhaid i'r pwnc fod yn {SUBJECT_MAX} nod neu lai",
            "body": f"Rhaid i'ch neges fod yn {BODY_MAX:,} nod neu lai",
        },
    ),
    "how to have an appointment": (
        lambda: WayForm(data={"way": "by pigeon"}, ways=[("video", "Video")]),
        {"way": "Dewiswch o'r rhestr sut yr hoffech gael yr apwyntiad hwn"},
    ),
    "cancelling an appointment": (
        lambda: CancelForm(data={"reason": "x" * (MAX_FREE_TEXT + 1)}),
        {"reason": f"Rhaid i'r rheswm fod yn {MAX_FREE_TEXT} nod neu lai"},
    ),
    "asking for a face-to-face appointment": (
        lambda: FaceToFaceRequestForm(data={"note": "x" * 5000}),
        {"note": "Rhaid i'ch nodyn fod yn"},
    ),
    "sharing the diary": (
        lambda: SharingForm(data={}),
        {"share": "Dewiswch a ydych am rannu eich dyddiadur gyda'ch tîm gofal"},
    ),
    "a part of the safety plan": (
        lambda: PlanForm(data={"warning_signs": "x" * (MAX_SECTION + 1)}),
        {"warning_signs": "Rhaid i'r rhan \u2018"},
    ),
}

ENGLISH_PIECES = ("Select", "Enter", "must be", "characters", "or fewer", "from the list")


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_welsh_reader_sees_each_error_as_one_welsh_sentence(case: str) -> None:
    make, expected = CASES[case]
    with translation.override("cy"):
        form = make()
        errors = {name: [str(e) for e in form.errors.get(name, [])] for name in expected}
    for name, welsh in expected.items():
        assert errors[name], f"{case}: no error on {name}"
        assert errors[name][0].startswith(welsh), errors[name]
        assert not [p for p in ENGLISH_PIECES if p in errors[name][0]], errors[name]


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_english_reader_still_reads_the_same_english(case: str) -> None:
    make, expected = CASES[case]
    with translation.override("en-gb"):
        form = make()
        errors = [str(e) for name in expected for e in form.errors.get(name, [])]
    assert errors and all(e.startswith(("Select", "The ", "Your ")) for e in errors), errors


def test_the_safety_plan_names_the_part_in_welsh() -> None:
    with translation.override("cy"):
        form = PlanForm(data={"warning_signs": "x" * (MAX_SECTION + 1)})
        error = form.errors["warning_signs"][0]
        heading = str(form.fields["warning_signs"].label)
    assert error == f"Rhaid i'r rhan \u2018{heading}\u2019 fod yn {MAX_SECTION:,} nod neu lai"


@pytest.mark.django_db
def test_a_welsh_reader_sending_too_long_a_subject_reads_a_welsh_error(
    personas: Personas,
) -> None:
    User.objects.filter(pk=personas.service_user.pk).update(language="cy")
    client = sign_in(Client(), personas.service_user)
    response = client.post(
        reverse("messaging:new"), {"subject": "a" * (SUBJECT_MAX + 1), "body": "Helo"}
    )
    assert response.status_code == 200
    html = response.content.decode().replace("&#39;", "'")
    assert f"Rhaid i'r pwnc fod yn {SUBJECT_MAX} nod neu lai" in html
    assert "must be" not in html


# A box made by ``text_field`` (its messages were once built in English when
# the form's module loaded): a comment on the care plan.
def test_a_text_field_tells_a_welsh_reader_in_one_welsh_sentence() -> None:
    with translation.override("cy"):
        empty = CommentForm(data={}).errors["text"][0]
        too_long = CommentForm(data={"text": "x" * (MAX_COMMENT + 1)}).errors["text"][0]
    assert empty == "Rhowch eich ateb i \u2018Eich sylw\u2019"  # 'Enter your answer to …'
    assert too_long == f"Rhaid i'ch ateb i \u2018Eich sylw\u2019 fod yn {MAX_COMMENT:,} nod neu lai"


def test_a_text_field_in_arabic_names_the_box_in_arabic() -> None:
    with translation.override("ar"):
        error = CommentForm(data={}).errors["text"][0]
        label = str(CommentForm.base_fields["text"].label)
    assert label in error and not [p for p in ENGLISH_PIECES if p in error], error


def test_a_text_field_reads_exactly_as_before_in_english() -> None:
    with translation.override("en-gb"):
        empty = CommentForm(data={}).errors["text"][0]
        too_long = CommentForm(data={"text": "x" * (MAX_COMMENT + 1)}).errors["text"][0]
    assert empty == "Enter your comment"
    assert too_long == f"Your comment must be {MAX_COMMENT} characters or fewer"


# A service's own check (which a form normally answers first) speaks the
# reader's language too: gettext at the raise runs inside their request.
def test_a_services_check_reaches_a_welsh_reader_in_welsh_and_staff_in_english() -> None:
    import datetime as dt

    from tandem.carers.checks import checked_text
    from tandem.diary.entries import check_day
    from tandem.errors import InvalidInput

    today = dt.date(2027, 3, 10)
    with translation.override("cy"), pytest.raises(InvalidInput) as future:
        check_day(today + dt.timedelta(days=1), today=today)
    assert str(future.value) == (
        "Ni allwch lenwi'r dyddiadur ar gyfer diwrnod sydd heb ddigwydd eto"
    )
    with translation.override("cy"), pytest.raises(InvalidInput) as empty:
        checked_text("", "What you have noticed", limit=10, required=True)
    assert str(empty.value) == "Rhowch eich ateb i \u2018Beth rydych wedi sylwi arno\u2019"
    with translation.override("en-gb"), pytest.raises(InvalidInput) as english:
        checked_text("", "What you have noticed", limit=10, required=True)
    assert str(english.value) == "What you have noticed is required"
