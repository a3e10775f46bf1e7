"""The people pages: each role's home page, the caseload, a person's page,
registering and changing a person, and the service settings.

They sit above ``tandem.access`` (which they read through) while
``tandem.people`` holds the accounts, roles and records that access itself is
built on, so the two never import each other in a circle (ADR 0025). The
templates stay in ``tandem/people/jinja2/people/`` and the URL names keep the
``people:`` namespace.
"""
