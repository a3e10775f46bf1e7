"""Follow every link a demo person can reach, as they would, and check each page.

Used by tests/test_crawl.py (Django's test client, every page) and by
tests/browser/test_crawl_axe.py (a real browser and axe on a sample of them).

The crawl starts at the person's home page and follows same-site <a href>
links only: GET, never a form, never 'Sign out'. Addresses that differ only in
their numbers (/people/12/ and /people/13/) are one *pattern*; a few of each
are visited, so the crawl reaches every kind of page without walking through
all 40 people's records.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.appointments import services as appointments
from tandem.appointments.models import Appointment, Status
from tandem.audit.models import Action, AuditEvent
from tandem.demo import roster
from tandem.people.models import ServiceUser, User
from tandem.worklist.models import WorkKind
from tandem.worklist.services import raise_work_item
from tests.personas import sign_in

# Enough people for lists that page and for every kind of record the demo
# makes, while keeping the seed to a few seconds (the demo itself seeds 300).
DEMO_PEOPLE = 30
PER_PATTERN = 3

# Who can open Sam's moved appointment and the task about him.
STAFF_WITH_SAM = {"Dr Lee (clinician)", "Morgan (team manager)"}

DEMO_PEOPLE_EMAILS = {
    "Sam (service user)": roster.SAM_EMAIL,
    "Alex (carer)": roster.ALEX_EMAIL,
    "Dr Lee (clinician)": roster.DR_LEE_EMAIL,
    "Morgan (team manager)": roster.MORGAN_EMAIL,
    "Avery (service administrator)": roster.ADMIN_EMAIL,
}

# GET links that are not pages to read: downloads that are built on request
# (PDF, FHIR, calendar files; their own tests cover them) and the ones that
# leave Tandem. Every one is named here so a new kind is crawled by default.
NOT_PAGES = re.compile(
    r"(\.pdf|/pdf/|\.ics|/ics/|/calendar/|/fhir/|/download|\.json|/export/)", re.IGNORECASE
)
NEVER_FOLLOW = re.compile(r"/sign-out/")
# A GET must change nothing (the crawl fails when the audit log shows a write),
# except opening a video appointment: that is how a person joins it, and the
# page records that they did.
OPENS_A_CALL = re.compile(r"^/video/\d+/(call/|check/)?$")

# Tags a template writes that must reach the browser as tags. Seen as text
# (`&lt;a href=...`), they mean markup was escaped twice and a link is dead.
ESCAPED_TAG = re.compile(
    r"&lt;/?(?:a|p|strong|b|em|i|br|ul|ol|li|span|div|h[1-6]|dl|dt|dd|table|tr|td|th|mark|code)"
    r"(?:\s|&gt;|/)",
    re.IGNORECASE,
)
NUMBER = re.compile(r"\d+")
TOKEN = re.compile(r"(?<=/)[0-9a-f-]{16,}(?=/)")
WRITES = (Action.CREATE, Action.UPDATE, Action.DELETE)


def seed_demo() -> list[str]:
    """The demo service `make demo` builds, smaller, with its nightly jobs run
    once, and what someone trying it does first (a move, a task)."""
    out = StringIO()
    call_command("seed_demo", "--people", str(DEMO_PEOPLE), verbosity=0, stdout=out)
    call_command("check_diaries", verbosity=0, stdout=out)
    call_command("refresh_insights", verbosity=0, stdout=out)
    return first_moves()


def first_moves() -> list[str]:
    """Pages the seed alone does not make: a moved appointment (both ends link
    to each other) and a task about Sam. Both showed their links as text.

    Returns their addresses: the crawl's few pages per pattern might not
    include them, so staff crawls start there as well as at home."""
    dr_lee = demo_user(roster.DR_LEE_EMAIL)
    sam = ServiceUser.objects.get(user__email=roster.SAM_EMAIL)
    booked = (
        Appointment.objects.filter(service_user=sam, status=Status.BOOKED)
        .filter(starts_at__gt=timezone.now() + dt.timedelta(days=1))
        .order_by("starts_at")
        .first()
    )
    assert booked is not None, "the demo books Sam's next appointments"
    # The same time a week or two on, whichever is free.
    for weeks in range(1, 6):
        try:
            moved = appointments.move(
                actor=dr_lee,
                appointment=booked,
                starts_at=booked.starts_at + dt.timedelta(weeks=weeks),
                guardrail_reason="Trying the demo",
            )
            break
        except appointments.InvalidInput:
            continue
    else:
        raise AssertionError(f"no free time to move {booked} to")
    task = raise_work_item(
        team=booked.team,
        kind=WorkKind.OTHER,
        title="Call Sam about his next appointment",
        reason="Raised for the crawl: a task about a person links to them.",
        service_user=sam,
        about_key="crawl",
    )
    return [
        reverse("appointments:appointment", args=[moved.pk]),
        reverse("worklist:item", args=[task.pk]),
    ]


def demo_user(email: str) -> User:
    return User.objects.get(email=email)


def signed_in_client(email: str) -> Client:
    # A server error is a finding to report with the others, not an exception.
    return sign_in(Client(raise_request_exception=False), demo_user(email))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.help_link = False
        self._in_help_anchor = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)
            self._in_help_anchor = True
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._in_help_anchor:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._in_help_anchor:
            self._in_help_anchor = False
            if " ".join("".join(self._text).split()) == "Need help now?":
                self.help_link = True


def pattern(url: str) -> str:
    """/people/12/?week=2027-01-04 and /people/7/?week=2027-02-01 are one pattern."""
    parts = urlsplit(url)
    path = NUMBER.sub("N", TOKEN.sub("T", parts.path))
    query = urlencode(sorted((k, NUMBER.sub("N", v)) for k, v in parse_qsl(parts.query)))
    return path + ("?" + query if query else "")


@dataclass
class Page:
    url: str
    status: int
    content_type: str
    html: str
    help_link: bool


@dataclass
class Crawl:
    """What one person's crawl saw: every page, and what was wrong."""

    who: str
    pages: list[Page] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def patterns(self) -> dict[str, str]:
        """The first page seen of each pattern, for the browser's sample."""
        first: dict[str, str] = {}
        for page in self.pages:
            if page.status == 200 and page.content_type.startswith("text/html"):
                first.setdefault(pattern(page.url), page.url)
        return first


def same_site(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and parts.path.startswith("/")


def crawl(
    client: Client,
    who: str,
    *,
    needs_help_link: bool,
    also_start: tuple[str, ...] = (),
    per_pattern: int = PER_PATTERN,
    max_pages: int | None = None,
    check: Callable[[Page], list[str]] | None = None,
) -> Crawl:
    started = time.monotonic()
    result = Crawl(who)
    starts = ["/", *also_start]
    queue: deque[tuple[str, str]] = deque((start, "(start)") for start in starts)
    seen: set[str] = set(starts)
    taken: dict[str, int] = {}
    while queue and (max_pages is None or len(result.pages) < max_pages):
        url, found_on = queue.popleft()
        last_change = _last_change()
        response = client.get(url)
        if (changed := _changes_since(last_change)) and not OPENS_A_CALL.match(url):
            result.problems.append(f"GET changed something ({'; '.join(changed)}) at {url}")
        status = response.status_code
        where = f"{url} (linked from {found_on})"
        if status >= 500:
            error = getattr(response, "exc_info", None)
            why = f": {error[0].__name__}: {error[1]}" if error else ""
            result.problems.append(f"{status} server error at {where}{why}")
            continue
        if status in (301, 302, 303, 307, 308):
            targets = [response["Location"]]
            html, content_type, help_link = "", "", True
        else:
            content_type = response.get("Content-Type", "")
            html = response.content.decode() if content_type.startswith("text/html") else ""
            parser = _Links()
            parser.feed(html)
            targets, help_link = parser.hrefs, parser.help_link
            if status >= 400:
                result.problems.append(f"{status} at {where}")
        page = Page(url, status, content_type, html, help_link)
        result.pages.append(page)
        if html:
            result.problems.extend(f"{problem} at {where}" for problem in page_problems(page))
            if needs_help_link and not help_link:
                result.problems.append(f"no 'Need help now?' link at {where}")
            if check is not None:
                result.problems.extend(check(page))
        for target in targets:
            absolute = urldefrag(urljoin(url, target)).url
            if not same_site(absolute) or absolute in seen:
                continue
            if NEVER_FOLLOW.search(absolute) or NOT_PAGES.search(absolute):
                continue
            key = pattern(absolute)
            if taken.get(key, 0) >= per_pattern:
                continue
            taken[key] = taken.get(key, 0) + 1
            seen.add(absolute)
            queue.append((absolute, url))
    result.seconds = time.monotonic() - started
    return result


def _last_change() -> int:
    last = AuditEvent.objects.filter(action__in=WRITES).order_by("-id").first()
    return last.pk if last else 0


def _changes_since(last: int) -> list[str]:
    """What was written after row `last`: every write is audited, so a GET that wrote shows here."""
    later = AuditEvent.objects.filter(action__in=WRITES, id__gt=last).order_by("id")
    return [f"{e.get_action_display()} {e.object_type} {e.what}".strip() for e in later]


def page_problems(page: Page) -> list[str]:
    found = sorted({m.group(0) for m in ESCAPED_TAG.finditer(page.html)})
    return [f"markup shown as text ({', '.join(found)})"] if found else []
