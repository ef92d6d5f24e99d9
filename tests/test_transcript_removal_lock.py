"""Removing a transcript waits for the codings being written: an import (or a coder) that
has checked its rows against the transcripts keeps them until it commits."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from workbench.codebook import service
from workbench.errors import WorkbenchError
from workbench.store import tables
from workbench.store.engine import scratch_schema
from workbench.store.project import Project, coder_by_name
from workbench.transcripts.importer import import_transcripts
from workbench.transcripts.manage import remove


def _lock_waiters(project: Project) -> int:
    """Backends waiting for an advisory lock (the project's writer lock)."""
    with project.reading() as connection:
        query = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        return int(connection.execute(text(query)).scalar_one())


def test_a_removal_waits_for_an_import_that_checked_its_transcript(tmp_path: Path) -> None:
    base = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("needs WORKBENCH_TEST_POSTGRES_URL (SQLite has one writer at a time)")
    source = tmp_path / "iom_03.txt"
    source.write_text("We spoke about the mandate and about funding.\n", encoding="utf-8")
    with scratch_schema(base) as location, Project.init(location, actor="tester") as project:
        service.create(project, "Funding")
        import_transcripts(project, [source])
        outcome: list[object] = []

        def removal() -> None:
            with Project.open(location, actor="other") as other:
                try:
                    outcome.append(remove(other, "iom_03", "gone"))
                except WorkbenchError as error:
                    outcome.append(str(error))

        remover = threading.Thread(target=removal)
        # As codings import holds it: the transcripts read and checked, the rows not yet in.
        with project.writing(changes_codebook=False) as session:
            transcript_id = session.scalar(text("SELECT id FROM transcript"))
            remover.start()
            deadline = time.monotonic() + 30
            while remover.is_alive() and not _lock_waiters(project):
                assert time.monotonic() < deadline, "the removal neither ended nor waited"
                time.sleep(0.01)
            code_id = session.scalar(text("SELECT id FROM code"))
            coder_id = coder_by_name(session, "anna", create=True).id
            session.execute(
                insert(tables.coding).values(
                    transcript_id=transcript_id, code_id=code_id, coder_id=coder_id, start=0, end=5
                )
            )
        remover.join(30)
        assert len(outcome) == 1 and "has 1 coding(s) by anna" in str(outcome[0])
        assert project.row_counts()["transcript"] == 1
