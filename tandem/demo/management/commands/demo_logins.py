"""``manage.py demo_logins``: how to sign in to the seeded demo.

Prints the five fixed demo logins and their staff's TOTP secrets. Only ever
prints secrets for @example.org accounts (a domain that cannot belong to
anyone), and only where the demo service exists, so pointing it at a real
service's database shows nothing of use.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import check_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.demo import builder, roster
from tandem.people.mfa import secret_for_display
from tandem.people.models import StaffMember, User

DEMO_DOMAIN = "@example.org"


def table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


class Command(BaseCommand):
    help = "Print the demo sign-ins (synthetic accounts only) and staff TOTP secrets."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all-staff",
            action="store_true",
            help="Also print every demo staff account's TOTP secret.",
        )

    def password_note(self, users: list[User]) -> str:
        if not users:
            return "-"
        # Every seeded account shares one hash; check the default without saving anything.
        if check_password(roster.DEFAULT_PASSWORD, users[0].password):
            return roster.DEFAULT_PASSWORD
        return f"the value of {roster.PASSWORD_ENV} when seeding"

    def secrets(self, emails: list[str]) -> list[tuple[str, ...]]:
        devices = {
            d.user.email: d
            for d in TOTPDevice.objects.filter(
                user__email__in=emails, confirmed=True
            ).select_related("user")
        }
        return [
            (email, secret_for_display(devices[email]) if email in devices else "no device")
            for email in emails
        ]

    def handle(self, *args: Any, **options: Any) -> None:
        if builder.demo_organisation() is None:
            raise CommandError("There is no demo data here. Run `manage.py seed_demo` first.")
        users = {u.email: u for u in User.objects.filter(email__in=roster.FIXED_EMAILS)}
        password = self.password_note(list(users.values()))
        out = self.stdout.write
        out("Demo sign-ins (synthetic people only)\n")
        rows: list[tuple[str, ...]] = [("Email", "Role", "Who", "Password")]
        for login in roster.FIXED_LOGINS:
            found = login.email in users
            rows.append(
                (
                    login.email,
                    login.role,
                    login.what,
                    password if found else "(account missing)",
                )
            )
        for line in table(rows):
            out(line)
        out("")
        out("Staff also enter a 6-digit code from an authenticator app set up with their secret")
        out("(or run: oathtool --totp -b SECRET, with the spaces taken out).\n")
        staff_emails = [login.email for login in roster.FIXED_LOGINS if login.is_staff]
        for line in table([("Staff account", "TOTP secret (base32)"), *self.secrets(staff_emails)]):
            out(line)
        out("")
        if options["all_staff"]:
            emails = list(
                StaffMember.objects.filter(user__email__endswith=DEMO_DOMAIN)
                .order_by("user__email")
                .values_list("user__email", flat=True)
            )
            out("Every demo staff account:\n")
            for line in table([("Staff account", "TOTP secret (base32)"), *self.secrets(emails)]):
                out(line)
        elif self.shared_secret():
            out(
                f"Every demo staff account shares this secret ({roster.TOTP_SECRET_ENV} was set "
                "when seeding); `manage.py demo_logins --all-staff` lists them."
            )
        else:
            out(
                "Every other demo staff account has its own secret: "
                "`manage.py demo_logins --all-staff` prints them all."
            )

    def shared_secret(self) -> bool:
        keys = set(
            TOTPDevice.objects.filter(
                user__staff__isnull=False, user__email__endswith=DEMO_DOMAIN, confirmed=True
            ).values_list("key", flat=True)
        )
        return len(keys) == 1
