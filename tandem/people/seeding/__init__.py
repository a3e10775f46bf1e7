"""Synthetic demo data: a made-up trust, its teams, staff, service users and carers.

``builder.seed`` writes it; ``roster`` says what the fixed demo logins are;
``demographics`` draws made-up people. Nothing here is, or is drawn from, a
real person.
"""
