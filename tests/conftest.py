"""Shared fixtures: small protocols so tests reuse compiled programs and stay fast."""

import os
from pathlib import Path

import pytest

import remission

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def require_shared(*parts: str) -> Path:
    """A path under ../shared (the team's ground truth beside the checkout).

    Missing on a developer's machine: the test is skipped with the reason. Missing in CI
    (``CI=true``): the test fails and says what is missing, so CI never passes by skipping.
    """
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: clone the shared ground truth beside the repository"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def shared():
    """:func:`require_shared` as a fixture (for test folders that cannot import conftest)."""
    return require_shared


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def short_sa():
    """Two short self-administration sessions with 60 s bins (120 steps)."""
    return remission.protocols.get("self_administration", sessions=2, bin="60 s")
