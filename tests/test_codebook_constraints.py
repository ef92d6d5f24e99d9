"""The codebook's constraints: one top-level code per name, twins from before renamed on upgrade."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from workbench.codebook import service
from workbench.store.engine import (
    SCHEMA_REVISION,
    head_revision,
    make_engine,
    project_revision,
    project_url,
)
from workbench.store.project import Project


def _add_code(connection: object, name: str, parent_id: int | None = None) -> None:
    connection.execute(  # type: ignore[attr-defined]
        text(
            "INSERT INTO code (guid, name, parent_id, position, description, include, "
            "exclude, example, status, created_at) VALUES (:guid, :name, :parent, 0, '', '', "
            "'', '', 'active', CURRENT_TIMESTAMP)"
        ),
        {"guid": str(uuid.uuid4()), "name": name, "parent": parent_id},
    )


def test_the_database_refuses_two_top_level_codes_of_one_name(project: Project) -> None:
    service.create(project, "Funding")
    service.create(project, "Funding/Cuts")
    service.create(project, "Legitimation")
    service.create(project, "Legitimation/Cuts")  # siblings elsewhere may share a name
    with pytest.raises(IntegrityError), project.engine.begin() as connection:
        _add_code(connection, "Funding")  # even bypassing every check in the code


def test_upgrading_renames_later_top_level_twins_and_logs_it(location: str) -> None:
    from alembic import command

    from workbench.store.engine import _alembic_config

    engine = make_engine(project_url(location))
    command.upgrade(_alembic_config(engine), "0003")
    with engine.begin() as connection:
        for name in ["Funding", "Funding", "Funding (2)", "Funding", "Trust"]:
            _add_code(connection, name)
    engine.dispose()
    with Project.open(location) as project:
        assert project_revision(project.engine) == (True, head_revision())
        assert head_revision() == SCHEMA_REVISION
        paths = sorted(code.path for code in service.codes(project))
        assert paths == ["Funding", "Funding (2)", "Funding (3)", "Funding (4)", "Trust"]
        renames = [
            (event.target, json.loads(event.detail)["to"])
            for event in project.events("codebook.rename")
        ]
        assert renames == [("Funding", "Funding (3)"), ("Funding", "Funding (4)")]


def test_a_codebook_change_waits_for_the_lock_then_says_busy(
    location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.errors import ProjectError
    from workbench.store import engine
    from workbench.store import project as project_module

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)  # read when a connection opens
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 300)
    with Project.init(location) as holder, Project.open(location) as waiter:
        service.create(holder, "Funding")
        # Another program in the middle of a codebook change holds the lock.
        with holder.writing(), pytest.raises(ProjectError, match="is busy: another program"):
            service.rename(waiter, "Funding", "Money", why="renamed while busy")
        assert service.rename(waiter, "Funding", "Money", why="free again") == "Money"
