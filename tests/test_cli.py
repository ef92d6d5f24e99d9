"""The command line: every command has help, errors are one line with exit 2, help stays light."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import workbench.cli as cli_package
from workbench.cli import main
from workbench.cli.base import COMMAND_MODULES
from workbench.store.project import Project

FIXTURES = Path(__file__).parent / "fixtures"
INTERVIEW = "Interviewer: What is the mandate?\n\nRespondent: We deliver what states ask.\n"


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += all_commands(command, (*prefix, name))
    return found


COMMANDS = all_commands(main)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_issue_commands_exist() -> None:
    expected = {
        ("init",), ("import",), ("attributes", "import"), ("transcripts", "list"),
        ("transcripts", "show"), ("anonymise", "check"), ("codebook", "load"),
        ("codebook", "show"), ("codebook", "export"), ("codebook", "rename"),
        ("codebook", "move"), ("codebook", "merge"), ("codebook", "retire"),
        ("codings", "import"), ("codings", "export"), ("demo",),
    }  # fmt: skip
    assert expected <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command: tuple[str, ...]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0
    described = out.split("Options:")[0].split("\n", 2)[-1].strip()
    assert described, f"{' '.join(command)} has no help text"


def test_each_command_is_where_the_lazy_group_looks_for_it() -> None:
    # Every module of the CLI imported: the commands they define are the ones the group lists,
    # each in the module COMMAND_MODULES names (else `workbench NAME` would not find it).
    for info in pkgutil.iter_modules(cli_package.__path__, "workbench.cli."):
        importlib.import_module(info.name)
    defined = {name: command.callback.__module__ for name, command in main.commands.items()}
    expected = {name: f"workbench.cli.{module}" for name, module in COMMAND_MODULES.items()}
    assert defined == expected


def test_a_command_loads_its_own_module_only() -> None:
    probe = (
        "import sys; from workbench.cli import main\n"
        "try:\n    main(['disagreements', '--help'])\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('workbench.cli.'))\n"
        "print('LOADED:' + ','.join(loaded))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "disagreements [OPTIONS]" in out.stdout
    loaded = out.stdout.strip().splitlines()[-1]
    assert loaded == "LOADED:workbench.cli.agreement,workbench.cli.base"


def test_a_mistyped_command_still_gets_a_suggestion() -> None:
    # In a fresh process: the suggestion needs every command's module, loaded for it.
    script = "import sys; from workbench.cli import main; sys.exit(main())"
    out = subprocess.run(
        [sys.executable, "-c", script, "transcript"], capture_output=True, text=True
    )
    assert out.returncode == 2
    assert "No such command 'transcript'. Did you mean 'transcripts'?" in out.stderr


def test_help_does_not_import_the_tui_or_pandas() -> None:
    probe = (
        "import sys; from workbench.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('textual', 'pandas', 'sklearn', 'sqlalchemy') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "Usage: " in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "HEAVY:"


def test_a_session_from_init_to_export(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    (tmp_path / "iom_03.txt").write_text(INTERVIEW, encoding="utf-8")
    (tmp_path / "attrs.csv").write_text("transcript,group,year\niom_03,IOM official,2016\n")
    assert run("init", "-p", db)[0] == 0
    code, out, _ = run("import", "-p", db, str(tmp_path / "iom_03.txt"))
    assert (code, out) == (0, "imported 1 transcript, 2 utterances, 9 words\n")
    assert run("attributes", "import", "-p", db, str(tmp_path / "attrs.csv"))[0] == 0
    code, out, _ = run("transcripts", "list", "-p", db)
    assert out.splitlines()[1].split() == [
        "iom_03",
        "IOM",
        "official",
        "2016",
        "txt",
        "2",
        "9",
        str(len(INTERVIEW)),
    ]
    code, out, _ = run("transcripts", "show", "-p", db, "iom_03")
    assert out == INTERVIEW
    code, _, _ = run("codebook", "load", "-p", db, str(FIXTURES / "codebooks" / "small.yaml"))
    assert code == 0
    start = INTERVIEW.index("We deliver")
    (tmp_path / "c.csv").write_text(
        f"transcript,coder,code,start,end\niom_03,anna,Funding,{start},{start + 10}\n"
    )
    assert run("codings", "import", "-p", db, str(tmp_path / "c.csv"))[0] == 0
    code, out, _ = run("codings", "export", "-p", db)
    assert (
        out.splitlines()[1] == f"iom_03,anna,Funding,{start},{start + 10},,We deliver,Respondent,2"
    )
    code, out, _ = run("codebook", "show", "-p", db)
    assert "[F] Funding" in out and "1  (anna 1)" in out
    code, out, _ = run("codebook", "merge", "-p", db, "Funding", "Legitimation", "--why", "test")
    assert (code, out) == (0, "merged Funding into Legitimation: 1 coding moved\n")


def test_the_project_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_PROJECT", str(tmp_path / "env.db"))
    assert run("init")[0] == 0
    assert (tmp_path / "env.db").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("transcripts", "list", "-p", "{db}x"), "no project at"),
        (("import", "-p", "{db}", "{tmp}/missing.txt"), "missing.txt"),
        (("import", "-p", "{db}", "{tmp}/notes.pdf"), "unsupported format"),
        (("transcripts", "show", "-p", "{db}", "nobody"), "no transcript named 'nobody'"),
        (
            ("codebook", "load", "-p", "{db}", "{fixtures}/codebooks/bad_key.yaml"),
            "bad_key.yaml:8:",
        ),
        (("codebook", "retire", "-p", "{db}", "Nothing", "--why", "x"), "no code 'Nothing'"),
        (("codings", "import", "-p", "{db}", "{tmp}/missing.csv"), "cannot read file"),
        (("attributes", "import", "-p", "{db}", "{tmp}/missing.csv"), "cannot read file"),
        (("init", "-p", "{db}"), "exists already"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    db = tmp_path / "p.db"
    Project.init(str(db)).close()
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    with Project.open(str(db)) as project:
        before = project.row_counts()
    values = {"db": str(db), "tmp": str(tmp_path), "fixtures": str(FIXTURES)}
    code, out, err = run(*(a.format(**values) for a in args))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")
    assert message in err
    assert "Traceback" not in err + out
    with Project.open(str(db)) as project:
        assert project.row_counts() == before


def test_codebook_commands_through_the_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    run("init", "-p", db)
    run("codebook", "load", "-p", db, str(FIXTURES / "codebooks" / "small.yaml"))
    code, out, _ = run("codebook", "export", "-p", db)
    assert code == 0 and out.startswith("name: Small test codebook\n")
    code, _, err = run("codebook", "export", "-p", db, "--format", "csv", "--out", f"{db}.csv")
    assert code == 0 and Path(f"{db}.csv").read_text().startswith("path,name,parent,key")
    assert run("codebook", "rename", "-p", db, "Funding", "Money", "--why", "w") == (
        0,
        "renamed to Money\n",
        "",
    )
    assert run("codebook", "move", "-p", db, "Money", "--under", "Legitimation", "--why", "w")[
        1
    ] == ("moved to Legitimation/Money\n")
    assert run("codebook", "retire", "-p", db, "Legitimation/Money", "--why", "w")[1] == (
        "retired Legitimation/Money\n"
    )
    code, _, err = run("codebook", "retire", "-p", db, "Protection DNA")
    assert code == 2 and "--why" in err


def test_the_gate_through_the_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    run("init", "-p", db)
    path = tmp_path / "ms_04.txt"
    path.write_text("Interviewer: Hello.\n\nMaria: Mail me at maria@example.org please.\n")
    code, _, err = run("import", "-p", db, str(path))
    assert code == 2
    (line,) = err.splitlines()
    assert line.startswith(f"error: {path}:3: e-mail address: refused: ")
    table = FIXTURES / "anonymise" / "pseudonyms.csv"
    code, out, _ = run("import", "-p", db, str(path), "--pseudonyms", str(table))
    assert (code, out) == (0, "imported 1 transcript, 2 utterances, 6 words, 2 replacements\n")
    code, out, _ = run("transcripts", "show", "-p", db, "ms_04")
    assert out == "Interviewer: Hello.\n\n[Respondent A]: Mail me at [email] please.\n"
    code, out, _ = run("anonymise", "check", "-p", db)
    assert (code, out) == (0, "")
    assert run("transcripts", "mark", "-p", db, "--coder", "anna", "ms_04")[0] == 0
    from workbench.coding.progress import statuses

    with Project.open(db) as project:
        assert statuses(project, "anna") == {"ms_04": "done"}


def test_code_outside_a_terminal_says_so_instead_of_waiting(tmp_path: Path) -> None:
    location = str(tmp_path / "p.db")
    Project.init(location).close()
    result = CliRunner().invoke(main, ["code", "-p", location])
    assert result.exit_code == 2
    assert "workbench code needs a terminal" in result.stderr


def test_values_too_long_for_the_database_are_refused_alike_on_every_backend(
    location: str, tmp_path: Path
) -> None:
    from workbench.codebook import service
    from workbench.codebook.files import load_codebook
    from workbench.errors import WorkbenchError
    from workbench.transcripts.attributes import import_attributes
    from workbench.transcripts.importer import import_transcripts

    interview = tmp_path / "t1.txt"
    interview.write_text("Interviewer: Why?\n\nRespondent: Because.\n", encoding="utf-8")
    with Project.init(location) as project:
        with pytest.raises(WorkbenchError, match="at most 200 characters"):
            import_transcripts(project, [interview], name="n" * 201)
        import_transcripts(project, [interview])
        wide = tmp_path / "wide.csv"
        wide.write_text(f"transcript,{'a' * 101}\nt1,x\n", encoding="utf-8")
        with pytest.raises(WorkbenchError, match="at most 100 characters"):
            import_attributes(project, wide)
        nul = tmp_path / "nul.csv"
        nul.write_text("transcript,group\nt1,a\x00b\n", encoding="utf-8")
        with pytest.raises(WorkbenchError, match="a NUL character") as caught:
            import_attributes(project, nul)
        assert caught.value.line == 2
        book = tmp_path / "book.yaml"
        book.write_text('name: B\ncodes:\n  - name: "One\\0"\n', encoding="utf-8")
        with pytest.raises(WorkbenchError, match="NUL"):
            load_codebook(book)
        book.write_text(f"name: B\ncodes:\n  - name: {'c' * 201}\n", encoding="utf-8")
        with pytest.raises(WorkbenchError):
            load_codebook(book)
        book.write_text("name: B\ncodes:\n  - name: Funding\n", encoding="utf-8")
        service.load(project, load_codebook(book), "book.yaml")
        with pytest.raises(WorkbenchError, match="1 to 200 characters"):
            service.rename(project, "Funding", "f" * 201, why="longer")


def test_an_internal_error_is_one_line_without_sql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import DataError

    location = str(tmp_path / "p.db")
    Project.init(location).close()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise DataError(
            "INSERT INTO x VALUES (%(a)s)", {"a": "secret text"}, Exception("value too long")
        )

    monkeypatch.setattr("workbench.store.project.Project.transcripts", refuse)
    result = CliRunner().invoke(main, ["transcripts", "list", "-p", location])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: the database refuses a value: value too long (shorten it or remove the "
        "character; --debug says where)"
    ]
