"""Inputs that used to end in an internal error are one-line errors, exit 2, project unchanged:
a huge offset in a codings CSV, an unknown or empty schema revision, a read-only project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import make_url

from workbench.cli import main
from workbench.codebook import service
from workbench.errors import ProjectError
from workbench.store.engine import SCHEMA_REVISION, make_engine, project_revision, project_url
from workbench.store.project import Project


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


def assert_one_line(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    for word in words:
        assert word in err, err


@pytest.mark.parametrize("column", ["start", "end"])
def test_a_5000_digit_offset_is_outside_the_text(
    column: str, sample_db: str, tmp_path: Path
) -> None:
    huge = "9" * 5000
    start, end = (huge, "10") if column == "start" else ("5", huge)
    csv_file = tmp_path / "codings.csv"
    csv_file.write_text(
        f"transcript,coder,code,start,end\nex_02,zed,UN relationship,0,4\n"
        f"ex_02,zed,UN relationship,{start},{end}\n"
    )
    with Project.open(sample_db) as project:
        before = project.row_counts()
    code, err = run("codings", "import", "-p", sample_db, str(csv_file))
    assert_one_line(code, err, "codings.csv:3:", "outside the text of 'ex_02'")
    assert len(err) < 200  # the number is not echoed
    with Project.open(sample_db) as project:
        assert project.row_counts() == before


def test_leading_zeros_still_make_a_valid_offset(sample_db: str, tmp_path: Path) -> None:
    csv_file = tmp_path / "codings.csv"
    csv_file.write_text(
        f"transcript,coder,code,start,end\nex_02,zed,UN relationship,{'0' * 30}1,00004\n"
    )
    code, err = run("codings", "import", "-p", sample_db, str(csv_file))
    assert code == 0, err
    with Project.open(sample_db) as project:
        (coding,) = project.codings(coders=["zed"])
        assert (coding.start, coding.end) == (1, 4)


def _set_revision(location: str, revision: str | None) -> None:
    engine = make_engine(project_url(location))
    with engine.begin() as connection:
        if revision is None:
            connection.execute(text("DELETE FROM alembic_version"))
        else:
            connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


@pytest.mark.parametrize(
    ("revision", "words"),
    [
        ("9zz", ["schema revision '9zz'", "no workbench made"]),
        ("0002x", ["schema revision '0002x'", "no workbench made"]),
        ("", ["records no schema revision"]),
        (None, ["records no schema revision"]),
        ("9" * 5000, ["newer workbench"]),
    ],
    ids=["letters", "suffix", "empty", "no-row", "5000-digits"],
)
def test_an_unknown_or_empty_schema_revision_is_one_line(
    revision: str | None, words: list[str], location: str
) -> None:
    if revision and len(revision) > 32 and "://" in location:
        revision = revision[:32]  # PostgreSQL's column holds 32 characters
    Project.init(location, actor="tester").close()
    _set_revision(location, revision)
    code, err = run("transcripts", "list", "-p", location)
    assert_one_line(code, err, *words)
    with pytest.raises(ProjectError):
        Project.open(location)
    engine = make_engine(project_url(location))
    try:
        assert project_revision(engine) == (True, revision)  # nothing was migrated
    finally:
        engine.dispose()


def test_a_known_older_revision_still_upgrades(location: str) -> None:
    Project.init(location, actor="tester").close()
    engine = make_engine(project_url(location))
    try:
        assert project_revision(engine) == (True, SCHEMA_REVISION)
    finally:
        engine.dispose()
    code, err = run("transcripts", "list", "-p", location)
    assert code == 0, err


def _old_project(location: str, revision: str) -> None:
    """A project at schema `revision`, as an older workbench left it."""
    from alembic import command

    from workbench.store.engine import _alembic_config

    engine = make_engine(project_url(location))
    try:
        command.upgrade(_alembic_config(engine), revision)
    finally:
        engine.dispose()


def test_a_failed_upgrade_names_the_project_and_the_revisions(location: str) -> None:
    _old_project(location, "0005")
    engine = make_engine(project_url(location))
    with engine.begin() as connection:  # what 0008 creates, there already: its step fails
        connection.execute(text("CREATE TABLE suggestion_dismissal (id INTEGER)"))
    code, err = run("transcripts", "list", "-p", location)
    shown = location.replace("postgresql+psycopg://", "postgresql://", 1)  # not the driver's
    assert_one_line(code, err, f"could not upgrade {shown} from schema 0005 to {SCHEMA_REVISION}")
    assert "(it is left as it was)" in err
    assert "internal error" not in err
    with pytest.raises(ProjectError, match="could not upgrade"):
        Project.open(location)
    try:
        # 0006 and 0007 went back with the failed 0008
        assert project_revision(engine) == (True, "0005")
        with engine.connect() as connection:
            assert "action_batch" not in sa_inspect(connection).get_table_names()
    finally:
        engine.dispose()


CODEBOOK = str(Path(__file__).parent / "fixtures" / "stats" / "codebook.yaml")


def test_a_read_only_sqlite_connection_refuses_in_one_line(sqlite_location: str) -> None:
    """SQLite's own 'attempt to write a readonly database', from a read-only URI."""
    with Project.init(sqlite_location, actor="tester") as project:
        before = project.row_counts()
    engine = create_engine(f"sqlite:///file:{sqlite_location}?mode=ro&uri=true")
    read_only = Project(engine, sqlite_location, actor="tester")
    try:
        with pytest.raises(ProjectError, match="cannot be written") as refused:
            service.create(read_only, "Fresh", why="test")
        assert "\n" not in str(refused.value)
        assert read_only.row_counts() == before  # reading still works
    finally:
        read_only.close()


def test_a_read_only_postgresql_transaction_refuses_in_one_line() -> None:
    base = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("needs WORKBENCH_TEST_POSTGRES_URL")
    from workbench.store.engine import scratch_schema

    with scratch_schema(base) as location:
        Project.init(location, actor="tester").close()
        url = make_url(location)
        options = f"{url.query['options']} -cdefault_transaction_read_only=on"
        read_only = url.update_query_dict({"options": options}).render_as_string(
            hide_password=False
        )
        code, err = run("codebook", "load", "-p", read_only, CODEBOOK)
        assert_one_line(code, err, "cannot be written", "read-only transaction")
        with Project.open(location) as project:
            assert service.codes(project) == []


def _without_root_powers() -> list[str]:
    """A prefix that makes file permissions hold for this process's children: nothing for
    a normal user; for root, setpriv dropping the capabilities that bypass them."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file permissions do not hold")
    caps = "-dac_override,-dac_read_search,-fowner"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]


def _cli_without_root_powers(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from workbench.cli import main; main()", *args]
    return subprocess.run(
        [*_without_root_powers(), *command], capture_output=True, text=True, check=False
    )


def test_a_read_only_project_file_is_one_line(tmp_path: Path) -> None:
    location = tmp_path / "project.db"
    with Project.init(str(location), actor="tester") as project:
        before = project.row_counts()
    location.chmod(0o444)
    try:
        done = _cli_without_root_powers("codebook", "load", "-p", str(location), CODEBOOK)
    finally:
        location.chmod(0o644)
    assert_one_line(done.returncode, done.stderr, "cannot be written", "readonly database")
    with Project.open(str(location)) as project:
        assert project.row_counts() == before


# A writable project file in a folder that is not: SQLite's WAL files cannot be made beside it.
CLI = "from workbench.cli import main; main()"
READ_ONLY_FOLDER_COMMANDS = {
    "read": [CLI, "transcripts", "list", "-p", "{project}"],
    "import": [CLI, "codings", "import", "-p", "{project}", "{folder}/codings.csv"],
    "codebook": [CLI, "codebook", "load", "-p", "{project}", CODEBOOK],
    # The TUI opens its project before its first screen: the same one line, then no screen.
    "tui": [
        "import sys\n"
        "from workbench.errors import ProjectError\n"
        "from workbench.tui.app import make_app\n"
        "try:\n    make_app(sys.argv[1], 'carol')\n"
        "except ProjectError as error:\n"
        "    print(f'error: {error}', file=sys.stderr)\n    sys.exit(2)",
        "{project}",
    ],
}


@pytest.mark.parametrize("command", READ_ONLY_FOLDER_COMMANDS)
def test_a_project_in_a_read_only_folder_says_the_folder_must_be_writable(
    command: str, sample_db: str
) -> None:
    folder = Path(sample_db).parent
    (folder / "codings.csv").write_text(
        "transcript,coder,code,start,end\nex_02,zed,UN relationship,0,4\n"
    )
    with Project.open(sample_db) as project:
        before = project.row_counts()
    script, *args = READ_ONLY_FOLDER_COMMANDS[command]
    args = [arg.format(folder=folder, project=sample_db) for arg in args]
    folder.chmod(0o555)
    try:
        done = subprocess.run(
            [*_without_root_powers(), sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        folder.chmod(0o755)
    assert_one_line(
        done.returncode,
        done.stderr,
        f"{sample_db} cannot be opened: its folder {folder} cannot be written",
        "sample.db-wal and sample.db-shm",
        "make the folder writable (the file's own permission is not enough), or copy the "
        "project to a folder you can write",
    )
    with Project.open(sample_db) as project:
        assert project.row_counts() == before


def test_an_old_read_only_project_says_it_could_not_be_upgraded(tmp_path: Path) -> None:
    location = tmp_path / "old.db"
    _old_project(str(location), "0005")
    location.chmod(0o444)
    try:
        done = _cli_without_root_powers("transcripts", "list", "-p", str(location))
    finally:
        location.chmod(0o644)
    assert_one_line(
        done.returncode,
        done.stderr,
        f"could not upgrade {location.resolve()} from schema 0005 to {SCHEMA_REVISION}",
        "cannot be written",
    )
    engine = make_engine(project_url(str(location)))
    try:
        assert project_revision(engine) == (True, "0005")
    finally:
        engine.dispose()


# Odd arguments to the commands that landed with auto-coding, search, suggestions, saturation,
# words, the appendix and the codebook's history: one line each, exit 2, project unchanged.
ODD_ARGUMENTS = [
    ["search", "(", "--regex"],
    ["search", "a", "--code", "no such code"],
    ["search", "a", "--coder", "nobody"],
    ["search", "a", "--where", "no-equals-sign"],
    ["autocode", "--coder", "nobody", "--code", "Legitimation", "--speaker", "Respondent"],
    ["autocode", "--coder", "anna", "--code", "no such code", "--speaker", "Respondent"],
    ["autocode", "--coder", "anna", "--code", "Legitimation"],
    ["autocode", "--coder", "anna", "--code", "Legitimation", "--pattern", ""],
    ["autocode", "--coder", "anna", "--code", "Legitimation", "--pattern", "("],
    ["autocode", "--coder", "anna", "--code", "Legitimation", "--speaker", "nobody"],
    [
        "autocode",
        "--coder",
        "anna",
        "--code",
        "Legitimation",
        "--pattern",
        r"\b",
        "--unit",
        "match",
    ],
    ["saturation", "--base", "0"],
    ["saturation", "--threshold", "-5"],
    ["saturation", "--order", "no such attribute"],
    ["saturation", "--coder", "nobody"],
    ["saturation", "--png", "curve.bogus"],
    ["words", "--code", "no such code"],
    ["words", "--top", "0"],
    ["words", "--by", "no such attribute"],
    ["appendix", "--out", "appendix.bogus"],
    ["codebook", "history", "--png", "timeline.bogus"],
    ["suggest", "--coder", "nobody"],
]


@pytest.mark.parametrize("args", ODD_ARGUMENTS, ids=lambda a: " ".join(a))
def test_odd_arguments_to_new_commands_are_one_line(
    args: list[str], sample_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # any file named lands (or not) here
    with Project.open(sample_db) as project:
        before = project.row_counts()
    code, err = run(*args, "-p", sample_db)
    assert_one_line(code, err)
    with Project.open(sample_db) as project:
        assert project.row_counts() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sample.db"]
