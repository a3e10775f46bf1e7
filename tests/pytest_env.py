"""Loaded by pytest (`-p tests.pytest_env`) before pytest-django imports the
settings, so test-only settings are chosen by an explicit flag rather than by
guessing from what is imported."""

import os

os.environ["TANDEM_TESTING"] = "1"
