"""The PostgreSQL server ending a command's session (a restart, a dropped network, an admin's
pg_terminate_backend) or gone while a project is open: one line that says so and what became
of the work, exit 2, nothing half-saved, on the TUI's status line too; a session ended while
idle is replaced before the next transaction uses it, and a server back is used again."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_ENV, _postgres_location
from tests.pilot_wait import settle
from tests.test_one_line_errors import assert_one_line
from workbench.cli import main
from workbench.errors import ProjectError
from workbench.store.engine import project_url
from workbench.store.project import Project

PASSWORD = "not-shown"  # trust authentication ignores it; no message may show it


@pytest.fixture
def pg_project() -> Iterator[str]:
    """A new PostgreSQL project, named by a URL that carries a password."""
    for location in _postgres_location():
        typed = with_password(location)
        Project.init(typed, actor="tester").close()
        yield typed


@pytest.fixture
def pg_sample() -> Iterator[str]:
    """The sample study on PostgreSQL, named by a URL that carries a password."""
    from workbench.sample.study import build_sample_project

    for location in _postgres_location():
        typed = with_password(location)
        build_sample_project(typed).close()
        yield typed


def with_password(location: str) -> str:
    """`location` as a user types it: postgresql://user:password@host/..."""
    url = make_url(location).set(drivername="postgresql", password=PASSWORD)
    return url.render_as_string(hide_password=False)


def shown(location: str) -> str:
    """The project as messages name it: as typed, without the password."""
    assert f":{PASSWORD}@" in location
    return location.replace(f":{PASSWORD}@", "@")


def end_session(pid: int) -> None:
    """End the server session `pid` from another connection, and wait until it is gone."""
    admin = create_engine(
        make_url(project_url(os.environ[POSTGRES_ENV])), isolation_level="AUTOCOMMIT"
    )
    try:
        with admin.connect() as connection:
            ended = connection.scalar(
                text("SELECT pg_terminate_backend(:pid, 10000)"), {"pid": pid}
            )
        assert ended
    finally:
        admin.dispose()


@contextmanager
def session_ended_before(statement: str) -> Iterator[list[int]]:
    """The server ends the session of the first connection about to run a statement that
    starts with `statement` (or, for "COMMIT", about to commit); yields the ended pids."""
    ended: list[int] = []

    def backend(connection: Any) -> int:
        return int(connection.connection.driver_connection.info.backend_pid)

    def before_statement(connection: Any, _cursor: Any, sql: str, *_: Any) -> None:
        if not ended and sql.lstrip().startswith(statement):
            ended.append(backend(connection))
            end_session(ended[0])

    def before_commit(connection: Any) -> None:
        if not ended and connection.dialect.name == "postgresql":
            ended.append(backend(connection))
            end_session(ended[0])

    events: list[tuple[str, Any]] = (
        [("commit", before_commit)]
        if statement == "COMMIT"
        else [("before_cursor_execute", before_statement)]
    )
    for name, listener in events:
        event.listen(Engine, name, listener)
    try:
        yield ended
    finally:
        for name, listener in events:
            event.remove(Engine, name, listener)


def test_a_session_ended_during_an_import_is_one_line_and_saves_nothing(
    pg_sample: str, tmp_path: Path
) -> None:
    with Project.open(pg_sample) as project:
        before = project.row_counts()
    codings = tmp_path / "codings.csv"
    codings.write_text("transcript,coder,code,start,end\nex_02,zed,UN relationship,0,4\n")
    # The log's event is the import's last statement: coder, status and codings are in.
    with session_ended_before("INSERT INTO event") as ended:
        result = CliRunner().invoke(main, ["codings", "import", "-p", pg_sample, str(codings)])
    assert ended, "the import never logged its event"
    assert_one_line(
        result.exit_code,
        result.stderr,
        f"lost the connection to the database server of {shown(pg_sample)} (terminating "
        "connection due to administrator command): the server rolled back the unfinished "
        "transaction, so none of it was saved; try again",
    )
    assert PASSWORD not in result.stderr
    with Project.open(pg_sample) as project:
        assert project.row_counts() == before


def test_a_session_ended_at_the_commit_does_not_claim_what_it_cannot_know(
    pg_project: str,
) -> None:
    with Project.open(pg_project) as project:
        before = project.row_counts()
        with (
            session_ended_before("COMMIT"),
            pytest.raises(ProjectError) as refused,
            project.session() as session,
        ):
            project.log(session, "test.write", "a change the server never commits")
        assert str(refused.value).startswith(
            f"lost the connection to the database server of {shown(pg_project)} while it "
            "committed ("
        )
        assert "the change may or may not be saved" in str(refused.value)
        assert project.row_counts() == before  # and the same project goes on working


def test_a_session_ended_while_idle_is_replaced_before_the_next_transaction(
    pg_project: str,
) -> None:
    with Project.open(pg_project) as project:
        with project.reading() as connection:
            pid = connection.scalar(text("SELECT pg_backend_pid()"))
        end_session(pid)  # the server restarted while the project sat open
        with project.session() as session:
            project.log(session, "test.write", "after the server came back")
        assert project.events("test.")[-1].target == "after the server came back"


async def test_a_coding_whose_session_ends_says_so_and_the_next_one_goes_through(
    pg_sample: str,
) -> None:
    from textual.widgets import Static

    from workbench.tui.app import make_app
    from workbench.tui.screens.coding import CodingScreen

    app = make_app(pg_sample, "carol", "iom_03")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        screen.view.select_span(100, 111)
        with session_ended_before("INSERT INTO coding") as ended:
            await pilot.press("1")
        assert ended, "the coding never reached the store"
        status = str(screen.query_one("#status", Static).content)
        assert status.startswith(
            f"lost the connection to the database server of {shown(pg_sample)} ("
        ), status
        assert status.endswith("none of it was saved; try again")
        assert app.project.codings(coders=["carol"]) == []
        await pilot.press("1")  # the same key again: a new connection, and it is coded
        assert str(screen.query_one("#status", Static).content) == (
            "coded Legitimation/Normative claims [100, 111)"
        )
    with Project.open(pg_sample) as project:
        assert [(c.start, c.end) for c in project.codings(coders=["carol"])] == [(100, 111)]


def test_a_session_ended_before_a_bulk_copy_is_the_same_one_line(pg_project: str) -> None:
    from workbench.store import tables
    from workbench.store.bulk import insert_rows

    with Project.open(pg_project) as project:
        before = project.row_counts()
        with pytest.raises(ProjectError) as refused, project.session() as session:
            project.log(session, "test.write", "rows that never arrive")
            end_session(session.scalar(text("SELECT pg_backend_pid()")))
            insert_rows(session, tables.setting, ["key", "value"], [("a", "b")])  # by COPY
        assert str(refused.value).endswith(
            "(terminating connection due to administrator command): the server rolled back "
            "the unfinished transaction, so none of it was saved; try again"
        )
        assert project.row_counts() == before


def test_a_session_ended_after_a_replace_is_saved_says_it_is_saved(
    pg_project: str, tmp_path: Path
) -> None:
    from workbench.transcripts.importer import import_transcripts

    interview = tmp_path / "ms_01.txt"
    interview.write_text("Interviewer: Who came?\n\nRespondent: Ana Lima came.\n")
    with Project.open(pg_project) as project:
        import_transcripts(project, [interview])
    # The replacement is committed; then each table is rewritten to drop the old copies.
    with session_ended_before("VACUUM FULL") as ended:
        result = CliRunner().invoke(
            main, ["anonymise", "replace", "-p", pg_project, "ana lima", "Official X"]
        )
    assert ended, "the replace never cleared the old copies"
    assert_one_line(
        result.exit_code,
        result.stderr,
        f"the change is saved, but the connection to the database server of "
        f"{shown(pg_project)} was lost while it cleared the old text's copies (terminating "
        "connection due to administrator command): run `workbench anonymise purge` to clear "
        "them",
    )
    with Project.open(pg_project) as project:
        assert project.transcript("ms_01").text.endswith("[Official X] came.\n")


class CuttableNetwork:
    """A TCP relay to the test server: `cut` drops every connection through it and refuses
    new ones, as a network or a server gone away; `mend` listens on the same port again."""

    def __init__(self) -> None:
        self.port = 0
        self.sockets: list[socket.socket] = []
        self.mend()

    def mend(self) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self) -> None:
        for end in [self.listener, *self.sockets]:
            with suppress(OSError):  # closed already
                end.shutdown(socket.SHUT_RDWR)
            end.close()
        self.sockets = []

    def _accept(self, listener: socket.socket) -> None:
        server = make_url(os.environ[POSTGRES_ENV])
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            upstream = socket.create_connection((server.host, server.port or 5432))
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._relay, args=(source, sink), daemon=True).start()

    @staticmethod
    def _relay(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with suppress(OSError):  # the other direction shut it already
                end.shutdown(socket.SHUT_RDWR)


def test_a_server_gone_while_the_project_is_open_is_one_line_until_it_is_back(
    pg_project: str,
) -> None:
    network = CuttableNetwork()
    server = make_url(pg_project)
    through = pg_project.replace(f"{server.host}:{server.port}", f"127.0.0.1:{network.port}")
    try:
        with Project.open(through) as project:
            before = project.row_counts()
            network.cut()
            with pytest.raises(ProjectError) as refused, project.session() as session:
                project.log(session, "test.write", "while the server is gone")
            message = str(refused.value)
            assert message.startswith(
                f"cannot connect to the database server of {shown(through)} (connection failed"
            ), message
            assert message.endswith(
                "Connection refused): the transaction could not begin, so none of it was "
                "saved; try again once the server is back"
            ), message
            network.mend()
            assert project.row_counts() == before
            with project.session() as session:
                project.log(session, "test.write", "once the server is back")
            assert [e.target for e in project.events("test.")] == ["once the server is back"]
    finally:
        network.cut()


async def test_the_coding_screen_says_the_server_is_gone_and_codes_once_it_is_back(
    pg_sample: str,
) -> None:
    from textual.widgets import Static

    from workbench.tui.app import make_app
    from workbench.tui.screens.coding import CodingScreen
    from workbench.tui.screens.home import HomeScreen

    network = CuttableNetwork()
    server = make_url(pg_sample)
    through = pg_sample.replace(f"{server.host}:{server.port}", f"127.0.0.1:{network.port}")
    gone = f"cannot connect to the database server of {shown(through)} (connection failed"
    try:
        app = make_app(through, "carol")
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.press("i", "o", "m", "_", "0", "3", "enter")
            await settle(pilot)
            coding = app.screen
            assert isinstance(coding, CodingScreen)
            coding.view.select_span(100, 111)
            network.cut()
            await pilot.press("1")
            assert str(coding.query_one("#status", Static).content).startswith(gone)
            await pilot.press("q")  # home asks the store what changed: it cannot, and says so
            home = app.screen
            assert isinstance(home, HomeScreen) and app.is_running
            assert str(home.query_one("#status", Static).content).startswith(gone)
            network.mend()
            await pilot.press("enter")  # back to the transcript, and the same coding again
            assert app.screen is not home
            assert isinstance(app.screen, CodingScreen)
            app.screen.view.select_span(100, 111)
            await pilot.press("1")
            assert str(app.screen.query_one("#status", Static).content) == (
                "coded Legitimation/Normative claims [100, 111)"
            )
    finally:
        network.cut()
    with Project.open(pg_sample) as project:
        assert [(c.start, c.end) for c in project.codings(coders=["carol"])] == [(100, 111)]
