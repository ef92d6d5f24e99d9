"""The output rules of tests/test_outputs.py for today's commands (appendix, words, saturation,
codebook history, search, suggest): one-line refusals, exit 2, no file left behind, and a
command writing two files refuses before it writes either."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main

# Each command that writes a file, the option naming it, and a suffix the command accepts.
OUTPUTS = [
    (["appendix", "--out"], ".md"),
    (["words", "--csv"], ".csv"),
    (["saturation", "--csv"], ".csv"),
    (["saturation", "--png"], ".png"),
    (["codebook", "history", "--csv"], ".csv"),
    (["codebook", "history", "--png"], ".png"),
    (["search", "mandate", "--csv"], ".csv"),
]
IDS = [" ".join(args) for args, _ in OUTPUTS]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


def assert_one_line(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    for word in words:
        assert word in err, err


@pytest.mark.parametrize(("args", "suffix"), OUTPUTS, ids=IDS)
def test_bad_targets_are_one_line_and_leave_nothing(
    args: list[str], suffix: str, sample_db: str, tmp_path: Path
) -> None:
    tmp_path = tmp_path / "out"  # the project lives beside it
    tmp_path.mkdir()
    existing = tmp_path / f"old{suffix}"
    existing.write_text("keep me")
    code, err = run(*args, str(existing), "-p", sample_db)
    assert_one_line(code, err, "exists already; pass --force")
    assert existing.read_text() == "keep me"
    fifo = tmp_path / f"pipe{suffix}"
    os.mkfifo(fifo)
    code, err = run(*args, str(fifo), "-p", sample_db, "--force")
    assert_one_line(code, err, "not a regular file")
    code, err = run(*args, str(tmp_path / "missing" / f"x{suffix}"), "-p", sample_db)
    assert_one_line(code, err, "cannot write")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([existing.name, fifo.name])


@pytest.mark.parametrize("command", [["saturation"], ["codebook", "history"]])
def test_two_outputs_are_checked_before_either_is_written(
    command: list[str], sample_db: str, tmp_path: Path
) -> None:
    png, csv = tmp_path / "curve.png", tmp_path / "table.csv"
    csv.write_text("keep me")
    code, err = run(*command, "--png", str(png), "--csv", str(csv), "-p", sample_db)
    assert_one_line(code, err, "table.csv exists already")
    assert not png.exists() and csv.read_text() == "keep me"
    code, err = run(*command, "--png", str(png), "--csv", str(png), "-p", sample_db, "--force")
    assert_one_line(code, err, "named twice")
    assert not png.exists()
    code, err = run(*command, "--png", str(png), "--csv", str(csv), "-p", sample_db, "--force")
    assert code == 0, err
    assert png.exists() and csv.read_text() != "keep me"


@pytest.mark.parametrize("force", [False, True], ids=["new", "force"])
@pytest.mark.parametrize("command", [["saturation"], ["codebook", "history"]])
def test_a_failed_second_write_leaves_the_first_target_as_it_was(
    command: list[str], force: bool, sample_db: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    png = out / "curve.png"
    if force:
        png.write_text("keep me")
    csv = out / "gone" / "table.csv"  # its folder is missing: the CSV's write fails
    flags = ["--force"] if force else []
    code, err = run(*command, "--png", str(png), "--csv", str(csv), "-p", sample_db, *flags)
    assert_one_line(code, err, f"cannot write {csv}")
    if force:
        assert png.read_text() == "keep me"
    assert sorted(p.name for p in out.iterdir()) == (["curve.png"] if force else [])
