"""Shared fixtures: small protocols so tests reuse compiled programs and stay fast."""

from pathlib import Path

import pytest

import remission

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def short_sa():
    """Two short self-administration sessions with 60 s bins (120 steps)."""
    return remission.protocols.get("self_administration", sessions=2, bin="60 s")
