"""Every page each of the five demo people can reach, followed from their home page.

A new user found links shown as text (`<a href=...>` escaped) on four staff
pages; nothing had looked at those pages as a whole. This crawl does, for the
service user, the carer, the clinician, the team manager and the service
administrator of the demo, and fails on any server error, any broken link,
any tag shown as text, and any service-user or carer page without the
'Need help now?' link.
"""

from __future__ import annotations

import pytest

from tests import crawl

pytestmark = pytest.mark.django_db

# Service users and carers must always be one step from crisis contacts.
NEEDS_HELP_LINK = {"Sam (service user)", "Alex (carer)"}


@pytest.fixture
def demo() -> list[str]:
    return crawl.seed_demo()


@pytest.mark.parametrize("who", list(crawl.DEMO_PEOPLE_EMAILS))
def test_every_page_a_demo_person_can_reach_works(demo: list[str], who: str) -> None:
    client = crawl.signed_in_client(crawl.DEMO_PEOPLE_EMAILS[who])

    seen = crawl.crawl(
        client,
        who,
        needs_help_link=who in NEEDS_HELP_LINK,
        also_start=tuple(demo) if who in crawl.STAFF_WITH_SAM else (),
    )

    print(f"{who}: {len(seen.pages)} pages, {len(seen.patterns())} kinds, {seen.seconds:.1f} s")
    assert len(seen.patterns()) > 5, f"{who} reached too little: {[p.url for p in seen.pages]}"
    if seen.problems:
        pytest.fail("\n".join(seen.problems), pytrace=False)
