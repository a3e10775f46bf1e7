"""Every model about a service user is either in the download or left out on purpose.

'Refers to a service user' means: the model is ``people.ServiceUser``, or it
has a foreign key, one-to-one or many-to-many field whose target is
ServiceUser or, recursively, a model that refers to one (so a safety plan's
versions, a diary entry's warning-sign ratings and a message's attachments
count, through their plan, entry and thread). Fields on other models pointing
here do not count (a care team is not about a person because people are open
to it), nor do links through the ``User`` account, which staff, carers and
service users share: a row pointing at a user says who did something, not
whom it is about. The audit log names the person by id and is exported as
'Who has looked at your record'.

A model that refers to a service user must be named in
``tandem.record.coverage.EXPORTED`` (with the PDF section and FHIR resources it
appears as) or in ``NOT_EXPORTED`` with a one-line reason. Adding a model about
people without deciding fails here (HAZ-158: an incomplete right-of-access
download misleads a person about what is held).
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from tandem.people.models import ServiceUser
from tandem.record import coverage


def test_every_model_about_a_service_user_is_exported_or_left_out_with_a_reason():
    assert coverage.undecided(apps.get_models()) == [], (
        "These models refer to a service user but the right-of-access download neither "
        "holds them nor says why not. Add each to tandem/record/coverage.py: EXPORTED "
        "(and put it in export.jinja and the FHIR bundle) or NOT_EXPORTED with a reason."
    )


def test_the_lists_name_only_real_models_about_a_person_each_once():
    about_people = {m._meta.label for m in apps.get_models() if coverage.refers_to_service_user(m)}
    named = set(coverage.EXPORTED) | set(coverage.NOT_EXPORTED)
    assert not set(coverage.EXPORTED) & set(coverage.NOT_EXPORTED)
    assert named - about_people == set(), "stale entries: remove them"
    for label, reason in coverage.NOT_EXPORTED.items():
        assert reason.strip() and "\n" not in reason, label
    for label, held in coverage.EXPORTED.items():
        assert held.pdf, label
        assert held.fhir or held.pdf_only, f"{label}: name its FHIR resources or say why none"


def test_paths_through_other_models_count_and_links_to_accounts_do_not():
    from tandem.audit.models import AuditEvent
    from tandem.diary.models import SignRating
    from tandem.messaging.models import Attachment
    from tandem.people.models import CareTeam

    assert coverage.refers_to_service_user(SignRating)  # entry -> person
    assert coverage.refers_to_service_user(Attachment)  # message -> thread -> person
    assert not coverage.refers_to_service_user(CareTeam)
    assert not coverage.refers_to_service_user(AuditEvent)  # actor is a User


@isolate_apps("tandem.record")
def test_a_new_model_about_a_person_fails_until_someone_decides():
    class GroupSession(models.Model):
        title = models.CharField(max_length=50)

        class Meta:
            app_label = "record"

        def __str__(self) -> str:
            return self.title

    class Attendee(models.Model):
        session = models.ForeignKey(GroupSession, on_delete=models.CASCADE)
        person = models.ForeignKey(ServiceUser, on_delete=models.CASCADE, related_name="+")

        class Meta:
            app_label = "record"

        def __str__(self) -> str:
            return str(self.pk)

    assert coverage.undecided([GroupSession, Attendee]) == ["record.Attendee"]
