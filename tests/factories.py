"""factory_boy factories for synthetic people. Names come from Faker's en_GB
provider: made up, never real patients."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from tandem.people import models

PASSWORD = "correct horse battery staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = models.User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = "Synthetic Community NHS Foundation Trust"
    ods_code = "ZZ1"


class CareTeamFactory(DjangoModelFactory):
    class Meta:
        model = models.CareTeam

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Community Mental Health Team {n}")
    slug = factory.Sequence(lambda n: f"cmht-{n}")
    phone = "01134960001"


class StaffMemberFactory(DjangoModelFactory):
    class Meta:
        model = models.StaffMember

    user = factory.SubFactory(UserFactory)
    professional_role = models.codes.ProfessionalRole.CARE_COORDINATOR


class ServiceUserFactory(DjangoModelFactory):
    class Meta:
        model = models.ServiceUser

    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker(
        "date_between", start_date=dt.date(1950, 1, 1), end_date=dt.date(2006, 1, 1)
    )
    phone = "+442079460123"  # Ofcom drama range: fictional but valid
    email = factory.LazyAttribute(
        lambda o: f"{o.given_name.lower()}.{o.family_name.lower()}@example.org"
    )


class CarerFactory(DjangoModelFactory):
    class Meta:
        model = models.Carer

    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
