"""Shared fixtures: fresh projects on SQLite (and PostgreSQL when a server is configured), the
sample study, and the statistics tests' small hand-counted study."""

from __future__ import annotations

import os
import re
from collections.abc import Awaitable, Callable, Iterator
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
def statements() -> Iterator[list[str]]:
    """Every SQL statement any engine runs while the test does: what a read costs."""
    from sqlalchemy import Engine, event

    ran: list[str] = []

    def record(_connection: object, _cursor: object, statement: str, *_: object) -> None:
        ran.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield ran
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def reads_of(table: str, statements: list[str]) -> int:
    """How many of the statements read from `table` (by name, as SQLAlchemy writes it)."""
    return sum(bool(re.search(rf"\bFROM {table}\b", statement)) for statement in statements)


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


@pytest.fixture
def reviewed_db(sample_db: str) -> str:
    """The sample study where carol has marked every transcript done: blind coding shows her
    everyone's codings (tests of what the screens do with them open it as carol)."""
    from workbench.coding.status import set_statuses

    with Project.open(sample_db) as opened:
        set_statuses(opened, [t.name for t in opened.transcripts()], "carol", "done")
    return sample_db


STATS = FIXTURES / "stats"
BACKENDS = ["sqlite", "postgresql"]


def build_stats_study(location: str) -> Project:
    """Five interviews, two coders, sixteen codings chosen so that every number can be counted
    by hand (tests/fixtures/stats/): overlapping spans of one code, two codes of one theme on
    the same span, a span that starts inside a word, one that crosses a turn, a retired code
    and a merged one."""
    from workbench.codebook import service
    from workbench.codebook.files import load_codebook
    from workbench.exchange.codings_csv import import_codings
    from workbench.transcripts.importer import import_transcripts

    project = Project.init(location, actor="tester")
    try:
        service.load(project, load_codebook(STATS / "codebook.yaml"), "codebook.yaml")
        files = sorted(STATS.glob("*.txt"))
        import_transcripts(project, files, attributes=STATS / "attributes.csv")
        import_codings(project, STATS / "codings.csv")
        service.retire(project, "Old", why="folded into the tests' history")
        service.merge(project, "Dup", "Funding", why="a duplicate of Funding")
    except BaseException:
        project.close()
        raise
    return project


def _open_stats_study(backend: str, factory: pytest.TempPathFactory) -> Iterator[Project]:
    if backend == "sqlite":
        with build_stats_study(str(factory.mktemp("stats") / "study.db")) as project:
            yield project
        return
    for location in _postgres_location():
        with build_stats_study(location) as project:
            yield project


@pytest.fixture(scope="module")
def stats_study(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """The statistics study on SQLite, built once per test module; do not change it."""
    yield from _open_stats_study("sqlite", tmp_path_factory)


@pytest.fixture(scope="module", params=BACKENDS)
def stats_study_each_backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Project]:
    """The statistics study on SQLite and on PostgreSQL, built once per module and backend."""
    yield from _open_stats_study(request.param, tmp_path_factory)


GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def golden() -> Callable[[str, bytes], None]:
    """Compare produced bytes with tests/golden/NAME; `WORKBENCH_UPDATE_GOLDEN=1` rewrites the
    file instead (review the diff after a deliberate format change)."""

    def compare(name: str, produced: bytes) -> None:
        path = GOLDEN / name
        if os.environ.get("WORKBENCH_UPDATE_GOLDEN") == "1":
            path.write_bytes(produced)
        assert path.exists(), f"no golden file {path}; create it with WORKBENCH_UPDATE_GOLDEN=1"
        assert produced == path.read_bytes(), f"{name} differs from its golden file"

    return compare


@pytest.fixture
def burst() -> Callable[..., Awaitable[None]]:
    """Send keys the way they arrive over SSH or tmux: every one in the app's queue before the
    first is handled (`pilot.press` waits after each key), then wait until all have acted."""
    from textual import events
    from textual.keys import key_to_character
    from textual.pilot import Pilot

    from workbench.tui.typeahead import TypeAheadApp

    async def send(pilot: Pilot[None], *keys: str) -> None:
        app = pilot.app
        assert isinstance(app, TypeAheadApp)
        for key in keys:
            app.post_message(events.Key(key, key_to_character(key)))
        await app.keys_settled()
        await pilot.pause()

    return send


@pytest.fixture
def generated_study(location: str, tmp_path: Path) -> Iterator[Project]:
    """Six generated interviews with a phrase planted in known turns (tests/assist_study.py),
    the small codebook, no codings; on SQLite and PostgreSQL."""
    from tests.assist_study import build_generated_study

    folder = tmp_path / "generated"
    folder.mkdir()
    with build_generated_study(location, folder) as project:
        yield project
