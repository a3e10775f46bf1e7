"""The demo, at the top of the layers (ADR 0025): `python -m tandem.demo` (the
`make demo` runner, ``__main__.py``) and the synthetic demo service it seeds.

``builder.seed`` writes the demo service, calling each app's own ``seeding``
module; ``roster`` says what the fixed demo logins are; ``demographics`` draws
made-up people. Nothing here is, or is drawn from, a real person. It is a
Django app only so that ``manage.py seed_demo`` and ``manage.py demo_logins``
live here, above every app they fill.
"""
