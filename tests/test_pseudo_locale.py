"""Every page a service user or carer can reach, rendered in a pseudo-locale:
any words a person reads that were not marked for translation fail it.

The pages are every URL the access matrix lets the service user or the carer
GET. Text that is data, not wording (names, the service's name, the crisis
contacts the service entered), is taken out first.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tandem.appointments.models import AppointmentType
from tandem.diary.models import WarningSign
from tandem.groups.models import GroupProgramme
from tandem.messaging.models import Attachment, Message, Thread
from tandem.people.crisis import crisis_contacts_for
from tandem.people.models import CarerLink, CareTeam, ServiceUser, User
from tests.access.test_access_matrix import MATRIX
from tests.personas import Personas, sign_in
from tests.pseudo_locale import CODE, pseudo_locale, unmarked_text

pytestmark = pytest.mark.django_db

READERS = ("service_user", "carer")

# Pages whose wording is not all marked yet (issue 27). This list may only
# shrink: a page marked in full fails the test until it is taken off, so no page
# goes back to unmarked text unnoticed. Marked in full so far: the layout every
# page shares (header, menus, crisis bar, footer, skip link), 'Need help now?',
# the language page, the home, appointments, messages, safety plan, video and
# group call, support and details pages, and the carers', invitations', account,
# staffing, accessibility and privacy pages, the diary, the questionnaires, the
# care plan's history and comments, feedback, getting ready for an appointment,
# the directory of local support, the care plan, choices about care, the record
# and its download, and help with technology and with how the person is seen.
# Pages read before signing in are checked in tests/test_pseudo_locale_signed_out.py.
NOT_YET_MARKED: set[tuple[str, str]] = set()


def pages() -> list[tuple[str, str]]:
    """(persona, URL name) for every page the matrix lets a reader GET."""
    return sorted(
        (persona, name)
        for name, rule in MATRIX.items()
        for persona in READERS
        if rule.expected(persona) == 200
    )


def data_on_pages(personas: Personas) -> set[str]:
    people = [personas.service_user, personas.carer, personas.clinician, personas.colleague]
    words = {settings.TANDEM_SERVICE_NAME, "NHS"}
    for user in people:
        words |= {str(user), user.email, *str(user).split()}
    words |= {team.name for team in CareTeam.objects.all()}
    # How a carer is related, in the service user's own words.
    words |= {link.relationship for link in CarerLink.objects.all()}
    for who in (personas.service_user, personas.carer):
        for contact in crisis_contacts_for(who):
            words |= {contact.name, contact.how, contact.description}
    # What people wrote (a message, its subject, a file's name), a person's own
    # contact details and the names a service gave its appointments and groups
    # are data too.
    words |= set(Thread.objects.values_list("subject", flat=True))
    words |= set(Message.objects.values_list("body", flat=True))
    words |= set(Attachment.objects.values_list("filename", flat=True))
    words |= set(ServiceUser.objects.values_list("email", flat=True))
    words |= set(AppointmentType.objects.values_list("name", flat=True))
    words |= set(GroupProgramme.objects.values_list("name", flat=True))
    # A person's diary warning signs, in their own words.
    words |= set(WarningSign.objects.values_list("words", flat=True))
    # Each language's own name on the language page is data in its own right.
    words |= {"English", "Cymraeg", "Welsh", "Arabic", "Pseudo", "Language"}
    return {w for w in words if w}


def rendered(personas: Personas, persona: str, name: str) -> str:
    user: User = getattr(personas, persona)
    client = sign_in(Client(), user)
    url = reverse(name.split("#")[0], kwargs=MATRIX[name].kwargs(personas) or None)
    response = client.get(url)
    assert response.status_code == 200, f"{persona} GET {url}: {response.status_code}"
    if not response["Content-Type"].startswith("text/html"):
        return ""  # a download or an API answer, not a page to read
    return response.content.decode()


@pytest.mark.parametrize(("persona", "name"), pages())
def test_every_page_a_service_user_or_carer_reads_is_marked(
    personas: Personas, persona: str, name: str
) -> None:
    User.objects.filter(pk__in=[personas.service_user.pk, personas.carer.pk]).update(language=CODE)
    with pseudo_locale():
        left = unmarked_text(rendered(personas, persona, name), data_on_pages(personas))
    if (persona, name) in NOT_YET_MARKED:
        assert left, f"{persona} {name} is marked in full now: take it off NOT_YET_MARKED"
    else:
        assert not left, f"Words not marked for translation: {left[:8]}"


def test_the_check_finds_words_that_were_not_marked() -> None:
    html = '<p>⟦Need help now?⟧ Call us</p><a aria-label="Menu">⟦Home⟧</a><p>Sam Taylor</p>'
    assert unmarked_text(html, {"Sam Taylor"}) == ["Call us", "Menu"]
