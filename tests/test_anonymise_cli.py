"""`workbench anonymise check/allow/settings`: kinds, confidences, allowed classes, roles."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main

ISSUE = Path(__file__).parent / "fixtures" / "anonymise" / "issue13"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def study(tmp_path: Path) -> str:
    path = str(tmp_path / "study.db")
    assert run("init", "-p", path)[0] == 0
    code, _, err = run("import", "-p", path, *(str(p) for p in sorted(ISSUE.iterdir())))
    assert code == 0, err
    return path


def words(out: str) -> list[str]:
    return [line.split(": ", 1)[1].split(" (")[0] for line in out.splitlines()]


def test_the_issue_s_names_are_found_and_titles_are_not(study: str) -> None:
    code, out, _ = run("anonymise", "check", "-p", study, "--kind", "name")
    assert code == 0
    assert words(out) == ["Smith", "Jones", "Patel", "Karen Li", "Alice Smith", "Bob"]
    assert "call_07: Jones (name, high) line 1" in out.splitlines()


def test_check_filters_by_kind_and_a_study_allows_a_kind(study: str) -> None:
    assert words(run("anonymise", "check", "-p", study, "--kind", "place")[1]) == ["Jordan"]
    code, out, _ = run("anonymise", "allow", "-p", study, "--kind", "place")
    assert (code, out) == (0, "allowed 1 new words or kinds\n")
    assert "Jordan" not in run("anonymise", "check", "-p", study)[1]
    assert "place" in run("anonymise", "settings", "-p", study)[1]


def test_a_study_s_roles_are_not_names(study: str) -> None:
    run("anonymise", "settings", "-p", study, "--roles", "Bob")
    assert "Bob" not in words(run("anonymise", "check", "-p", study, "--kind", "name")[1])


@pytest.mark.parametrize(
    "args",
    [
        ("anonymise", "check", "--kind", "nme"),
        ("anonymise", "allow", "--kind", "people"),
        ("anonymise", "settings", "--regions", "XX"),
    ],
)
def test_bad_kinds_and_regions_are_one_line_exit_2(study: str, args: tuple[str, ...]) -> None:
    code, _, err = run(*args, "-p", study)
    assert code == 2
    assert len(err.splitlines()) == 1 and err.startswith("error: unknown")
    assert "allowed kinds: (none)" in run("anonymise", "settings", "-p", study)[1]


def test_strict_names_refuses_an_import_until_the_names_are_replaced(tmp_path: Path) -> None:
    path = str(tmp_path / "strict.db")
    run("init", "-p", path)
    source = str(ISSUE / "call_07.txt")
    code, _, err = run("import", "-p", path, "--strict-names", source)
    assert code == 2
    (line,) = err.splitlines()
    assert line.startswith(f"error: {source}:1: person's name; ")
    assert run("transcripts", "list", "-p", path)[1] == "no transcripts\n"
    table = tmp_path / "table.csv"
    table.write_text(
        "original,replacement\nSmith,Person A\nJones,Person B\nPatel,Person C\nKaren Li,Person D\n",
        encoding="utf-8",
    )
    code, _, err = run("import", "-p", path, "--strict-names", "--pseudonyms", str(table), source)
    assert code == 0, err


def test_names_alone_do_not_refuse_an_import_by_default(tmp_path: Path) -> None:
    path = str(tmp_path / "lenient.db")
    run("init", "-p", path)
    assert run("import", "-p", path, str(ISSUE / "panel_02.vtt"))[0] == 0
