from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "tandem.invitations"
    label = "invitations"

    def ready(self) -> None:
        # Seams into lower apps (issue 23 layering): the message wording joins
        # notify's template registry, and the person page's include reads the
        # invitation's state through a template function, so neither notify nor
        # people imports this app.
        from django.template import engines

        from tandem.invitations import selectors
        from tandem.invitations.messages import TEMPLATES as OURS
        from tandem.notify.templates import TEMPLATES

        TEMPLATES.update(OURS)
        for engine in engines.all():
            env = getattr(engine, "env", None)
            if env is not None:
                env.globals["invitation_on_person_page"] = selectors.on_person_page
