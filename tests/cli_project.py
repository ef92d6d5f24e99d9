"""A small project for the command-line tests, made through the CLI, and a runner."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from workbench.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
INTERVIEW = "Interviewer: What is the mandate?\n\nRespondent: We deliver what states ask.\n"
SECOND = "Interviewer: And funding?\n\nRespondent: Donors earmark most of it.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def make_project(tmp_path: Path, db: str | None = None) -> str:
    """Two transcripts (t1, t2) and the small codebook at `db` (a SQLite file in `tmp_path`
    unless given); no codings yet."""
    db = db or str(tmp_path / "p.db")
    for name, text in (("t1", INTERVIEW), ("t2", SECOND)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    assert run("init", "-p", db)[0] == 0
    assert run("import", "-p", db, str(tmp_path / "t1.txt"), str(tmp_path / "t2.txt"))[0] == 0
    assert run("codebook", "load", "-p", db, str(FIXTURES / "codebooks" / "small.yaml"))[0] == 0
    return db


def refused(result: tuple[int, str, str], *words: str) -> None:
    """Exit 2 with one line on stderr that holds every word."""
    code, _out, err = result
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("error: ")
    for word in words:
        assert word in err, err
