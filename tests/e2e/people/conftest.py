"""Every people test runs against fakes that know the people of tests/fakes/*people.py."""

from __future__ import annotations

import pytest

from tests.fakes import kuryana_people
from tests.fakes.kuryana import FakeKuryana


@pytest.fixture(autouse=True)
def _people_pages(kuryana: FakeKuryana) -> None:
    kuryana_people.install(kuryana)
