"""Tokens for links that stand in for an account (carer invitations, appointment
links, video call invitations and join links): random, and kept only as a
SHA-256, so a copy of the database cannot be turned into working links."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    # Hex, not base64: links go through notify's check for clinical words, and no
    # such word can be spelt from 0-9 and a-f (base64 could, once in a long while,
    # and the message would then be refused).
    return secrets.token_hex(32)


def digest(token: str) -> str:
    """What is stored, and looked up, for ``token``."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
