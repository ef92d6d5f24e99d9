"""Output files cannot destroy a project: never the project, never a SQLite database, no
silent overwrite, and a failed write leaves the old file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.errors import WorkbenchError
from workbench.store.project import Project
from workbench.text.outfile import write_file, write_files

# Every command that writes a file, with the option that names it.
OUTPUTS = [
    ["codings", "export", "--csv"],
    ["codebook", "export", "--out"],
    ["counts", "--csv"],
    ["matrix", "--csv"],
    ["cooccurrence", "--csv"],
    ["segments", "--code", "Legitimation", "--csv"],
    ["segments", "--code", "Legitimation", "--md"],
    ["report", "--no-chart", "--out"],
    ["agreement", "--coders", "anna,ben", "--csv"],
    ["export", "qdpx"],
    ["export", "qdc"],
]


def run(args: list[str], out: Path | str, project: str, *more: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, str(out), "-p", project, *more])
    return result.exit_code, result.stderr


@pytest.mark.parametrize("args", OUTPUTS, ids=lambda a: " ".join(a[:2]))
def test_no_output_lands_on_the_project(args: list[str], sample_db: str) -> None:
    with Project.open(sample_db) as project:
        before = project.row_counts()
    for target in (sample_db, f"{sample_db}-wal"):
        code, err = run(args, target, sample_db, "--force")
        assert code == 2, err
        assert err.startswith("error: ") and "is the project" in err and err.count("\n") == 1
    with Project.open(sample_db) as project:
        assert project.row_counts() == before


@pytest.mark.parametrize("args", OUTPUTS, ids=lambda a: " ".join(a[:2]))
def test_existing_files_need_force_and_databases_are_never_replaced(
    args: list[str], sample_db: str, built_sample: Path, tmp_path: Path
) -> None:
    out = tmp_path / ("out.png" if "chart" in args else "out.file")
    out.write_text("keep me")
    code, err = run(args, out, sample_db)
    assert code == 2 and "exists already; pass --force" in err
    assert out.read_text() == "keep me"
    code, err = run(args, out, sample_db, "--force")
    assert code == 0, err
    assert out.read_text(errors="replace") != "keep me"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    other_project = tmp_path / "other.db"
    other_project.write_bytes(built_sample.read_bytes())
    code, err = run(args, other_project, sample_db, "--force")
    assert code == 2 and "is a SQLite database" in err
    assert other_project.read_bytes() == built_sample.read_bytes()
    code, err = run(args, tmp_path, sample_db, "--force")  # some options refuse it in click
    assert code == 2 and ("is a folder" in err or "is a directory" in err)


def test_a_chart_follows_the_same_rules(sample_db: str, tmp_path: Path) -> None:
    out = tmp_path / "themes.png"
    assert run(["chart", "--out"], out, sample_db)[0] == 0
    code, err = run(["chart", "--out"], out, sample_db)
    assert code == 2 and "pass --force" in err
    assert run(["chart", "--out"], out, sample_db, "--force")[0] == 0
    link = tmp_path / "link.png"
    link.symlink_to(sample_db)
    code, err = run(["chart", "--out"], link, sample_db, "--force")
    assert code == 2 and "is the project" in err


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "table.csv"
    out.write_text("old")

    def full_disk(self: Path, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(WorkbenchError, match=r"cannot write .*No space left on device"):
        write_file(out, "new", force=True)
    monkeypatch.undo()
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_files_written_together_are_all_or_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    appendix, figure = tmp_path / "appendix.md", tmp_path / "appendix-curve.png"
    appendix.write_text("old text")
    figure.write_text("old figure")
    written: list[str] = []
    write_bytes = Path.write_bytes

    def full_after_one(self: Path, data: bytes) -> int:
        if written:
            raise OSError(28, "No space left on device")
        written.append(self.name)
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_after_one)
    with pytest.raises(WorkbenchError, match=r"cannot write .*curve.png: No space left"):
        write_files([(appendix, "new text"), (figure, b"new figure")], force=True)
    monkeypatch.undo()
    assert written and appendix.read_text() == "old text"
    assert figure.read_text() == "old figure"
    assert sorted(p.name for p in tmp_path.iterdir()) == [figure.name, appendix.name]
    write_files([(appendix, "new text"), (figure, b"new figure")], force=True)
    assert (appendix.read_text(), figure.read_text()) == ("new text", "new figure")


def test_a_failed_second_move_puts_the_first_target_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both written, the second move refused (the file open in a spreadsheet, on
    Windows): the first, moved already, goes back to its old version; a new one goes."""
    import os

    appendix, figure, table = (tmp_path / n for n in ("a.md", "a-curve.png", "a.csv"))
    appendix.write_text("old text")
    figure.write_text("old figure")
    replace = os.replace

    def locked(source: object, target: object) -> None:
        if Path(str(target)) == figure and str(source).endswith(".partial"):
            raise PermissionError(13, "Permission denied")
        replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(WorkbenchError, match=r"cannot write .*a-curve.png: Permission denied"):
        write_files([(table, "new"), (appendix, "new text"), (figure, b"new figure")], force=True)
    monkeypatch.undo()
    assert (appendix.read_text(), figure.read_text()) == ("old text", "old figure")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([figure.name, appendix.name])


async def test_the_tui_export_prompt_follows_the_same_rules(sample_db: str) -> None:
    from textual.widgets import Input, Static

    from workbench.tui.app import make_app
    from workbench.tui.screens.reports import ReportsScreen

    with Project.open(sample_db) as project:
        before = project.row_counts()
    app = make_app(sample_db, "carol")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("w")
        app.screen.query_one("#answer", Input).value = sample_db
        await pilot.press("enter")
        await pilot.pause()
        assert "is the project" in str(screen.query_one("#status", Static).content)
        assert not list(app._notifications)  # a refusal is no toast
    with Project.open(sample_db) as project:
        assert project.row_counts() == before


def test_an_interrupted_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    def interrupted(source: object, target: object) -> None:  # ctrl+c before the move
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_file(tmp_path / "table.csv", "new")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []
