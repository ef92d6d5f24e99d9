"""Shared fixtures: a fresh project on SQLite, and on PostgreSQL when a server is configured."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.store.engine import scratch_schema
from workbench.store.project import Project

POSTGRES_ENV = "WORKBENCH_TEST_POSTGRES_URL"
FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


def _postgres_location() -> Iterator[str]:
    """A URL whose search_path is a new, empty schema, dropped afterwards."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL store tests need {POSTGRES_ENV} (CI sets it)")
    with scratch_schema(base) as location:
        yield location


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a new project goes: a SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        yield str(tmp_path / "project.db")
    else:
        yield from _postgres_location()


@pytest.fixture
def sqlite_location(tmp_path: Path) -> str:
    return str(tmp_path / "project.db")


@pytest.fixture
def project(location: str) -> Iterator[Project]:
    with Project.init(location, actor="tester") as created:
        yield created


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample study on SQLite, built once per test session (about 1.5 s)."""
    from workbench.sample.study import build_sample_project

    path = tmp_path_factory.mktemp("built") / "sample.db"
    build_sample_project(str(path)).close()
    return path


@pytest.fixture
def sample_db(built_sample: Path, tmp_path: Path) -> str:
    """A private copy of the sample study for one test to change."""
    import shutil

    target = tmp_path / "sample.db"
    shutil.copy(built_sample, target)
    return str(target)
