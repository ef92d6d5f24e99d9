"""The project store: creation, opening, SQLite settings, and models agreeing with migrations."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from workbench.errors import ProjectError, WorkbenchError
from workbench.store import tables
from workbench.store.engine import project_url
from workbench.store.models import Base
from workbench.store.project import Project
from workbench.store.schema_sql import schema_sql

REPO = Path(__file__).parent.parent


def test_models_and_migrations_agree(project: Project) -> None:
    tables.add_top_level_name_index()  # as the migrations' environment does
    with project.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_the_schema_revision_constant_is_the_newest_migration() -> None:
    from workbench.store.engine import SCHEMA_REVISION, head_revision

    assert head_revision() == SCHEMA_REVISION


def test_schema_sql_is_generated_from_the_migrations() -> None:
    assert (REPO / "schema" / "schema.sql").read_text(encoding="utf-8") == schema_sql()


def test_init_then_open_logs_the_creation(location: str) -> None:
    Project.init(location, actor="tester").close()
    with Project.open(location) as project:
        events = project.events()
        assert [e.action for e in events] == ["project.init"]
        assert events[0].actor == "tester"
        assert project.transcripts() == []


def test_init_refuses_an_existing_project(location: str) -> None:
    Project.init(location).close()
    with pytest.raises(ProjectError, match=r"exists already|is a workbench project already"):
        Project.init(location)


def test_open_refuses_a_missing_file_without_creating_it(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.db"
    with pytest.raises(ProjectError, match=r"no project at .*workbench init"):
        Project.open(str(missing))
    assert not missing.exists()


def test_open_refuses_a_database_that_is_not_a_project(location: str) -> None:
    from workbench.store.engine import make_engine

    engine = make_engine(project_url(location))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    engine.dispose()
    with pytest.raises(ProjectError, match="not a workbench project"):
        Project.open(location)


def test_opening_a_current_project_asks_the_database_one_question(
    location: str, statements: list[str]
) -> None:
    # Its schema revision, and no catalog query: every command opens the project, and on
    # PostgreSQL a catalog query costs a new connection milliseconds.
    Project.init(location).close()
    statements.clear()
    Project.open(location).close()
    assert statements == ["SELECT version_num FROM alembic_version"]


def test_sqlite_runs_with_foreign_keys_wal_and_a_busy_timeout(sqlite_location: str) -> None:
    with Project.init(sqlite_location) as project, project.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10_000


def test_project_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert project_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"
    assert project_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WORKBENCH_PROJECT", raising=False)
    assert project_url(None) == f"sqlite:///{tmp_path / 'workbench.db'}"
    monkeypatch.setenv("WORKBENCH_PROJECT", "elsewhere.db")
    assert project_url(None) == f"sqlite:///{tmp_path / 'elsewhere.db'}"


def test_open_upgrades_a_project_made_by_an_older_version(tmp_path: Path) -> None:
    from alembic import command

    from workbench.store.engine import _alembic_config, head_revision, make_engine, project_revision

    location = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{location}")
    command.upgrade(_alembic_config(engine), "0001")
    assert project_revision(engine) == (True, "0001")
    engine.dispose()
    with Project.open(str(location)) as project:
        assert project_revision(project.engine) == (True, head_revision())
        assert head_revision() != "0001"


def test_a_failed_migration_step_leaves_no_trace(tmp_path: Path) -> None:
    from workbench.store.engine import transactional_engine

    engine = transactional_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with pytest.raises(RuntimeError), engine.begin() as connection:
        connection.execute(text("CREATE TABLE _alembic_tmp_x (id INTEGER)"))
        raise RuntimeError("killed half-way")
    with engine.connect() as connection:
        tables = connection.execute(text("SELECT name FROM sqlite_master")).scalars().all()
    engine.dispose()
    assert tables == []  # the CREATE went with the rest: Python's sqlite3 would keep it


def test_processes_opening_an_old_project_at_once_upgrade_it_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    from alembic import command

    from workbench.store.engine import (
        SCHEMA_REVISION,
        _alembic_config,
        make_engine,
        project_revision,
    )

    location = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{location}")
    command.upgrade(_alembic_config(engine), "0002")
    engine.dispose()
    opener = f"from workbench.store.project import Project; Project.open({str(location)!r}).close()"
    runs = [
        subprocess.Popen([sys.executable, "-c", opener], stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [run.communicate()[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], errors
    engine = make_engine(f"sqlite:///{location}")
    assert project_revision(engine) == (True, SCHEMA_REVISION)
    with engine.connect() as connection:
        leftovers = connection.execute(
            text("SELECT name FROM sqlite_master WHERE name LIKE '_alembic_tmp%'")
        ).all()
    engine.dispose()
    assert leftovers == []


@pytest.mark.parametrize("name", ["q?x.db", "pc%41.db", "my study é.db", "a@b:c#d.db"])
def test_a_file_name_is_used_as_it_is_written(tmp_path: Path, name: str) -> None:
    Project.init(str(tmp_path / name)).close()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".db"] == [name]
    Project.open(str(tmp_path / name)).close()


def test_a_file_that_is_no_database_is_one_line_and_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n" * 200)
    before = notes.read_bytes()
    with pytest.raises(ProjectError, match=r"cannot open .*notes.txt: file is not a database"):
        Project.open(str(notes))
    other = tmp_path / "other.db"
    from sqlite3 import connect

    with connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(ProjectError, match="not a workbench project"):
        Project.open(str(other))
    with connect(other) as connection:  # not switched to WAL by our look at it
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert notes.read_bytes() == before


def test_a_project_from_a_newer_workbench_is_refused(sqlite_location: str) -> None:
    Project.init(sqlite_location).close()
    from sqlite3 import connect

    with connect(sqlite_location) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(ProjectError, match=r"made by a newer workbench .*schema 9999"):
        Project.open(sqlite_location)


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgresql://u@h:port/db"])
def test_an_unusable_database_url_is_one_line(url: str) -> None:
    with pytest.raises(ProjectError, match="cannot use the database URL"):
        Project.open(url)


def test_coder_names_have_a_length_every_backend_accepts(project: Project) -> None:
    from workbench.coding.actions import CoderActions

    with pytest.raises(WorkbenchError, match="a coder name has 1 to 100 characters"):
        CoderActions(project, "x" * 101)
    assert CoderActions(project, "x" * 100).coder == "x" * 100


def test_init_in_a_postgresql_schema_that_does_not_exist_is_one_line() -> None:
    import os

    base = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("PostgreSQL store tests need WORKBENCH_TEST_POSTGRES_URL (CI sets it)")
    url = f"{base}?options=-csearch_path%3Dno_such_schema_here"
    with pytest.raises(ProjectError, match=r"cannot create a project at .*no schema"):
        Project.init(url)
