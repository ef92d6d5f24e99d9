"""One word count: the words spoken, the same in `transcripts list`, the appendix and the TUI."""

from __future__ import annotations

from itertools import takewhile
from pathlib import Path

from click.testing import CliRunner
from textual.widgets import DataTable, Static

from tests.pilot_wait import settle
from workbench.cli import main
from workbench.text.words import spoken_words
from workbench.tui.app import make_app
from workbench.tui.screens.home import HomeScreen


def test_spoken_words_leave_labels_and_timestamps_out() -> None:
    text = "[00:00:01] Interviewer: Why?\n\n[00:00:04] RESPONDENT 1: Because it pays.\n"
    spans = [(text.index("Why"), text.index("?") + 1), (text.index("Because"), len(text) - 1)]
    assert spoken_words(text, spans) == 4
    assert spoken_words(text, []) == 0


def listed_words(db: str) -> dict[str, int]:
    result = CliRunner().invoke(main, ["transcripts", "list", "-p", db])
    assert result.exit_code == 0, result.stderr
    header, *rows = (line.split("  ") for line in result.stdout.splitlines())
    header = [cell.strip() for cell in header if cell.strip()]
    column = header.index("words")
    cells = [[cell.strip() for cell in row if cell.strip()] for row in rows]
    return {row[0]: int(row[column]) for row in cells}


def appendix_words(db: str, out: Path) -> tuple[str, dict[str, int]]:
    result = CliRunner().invoke(main, ["appendix", "-p", db, "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    table = text[text.index("| transcript | group | number | year | words |") :]
    lines = takewhile(lambda line: line.startswith("|"), table.splitlines()[2:])
    rows = [line.strip("|").split("|") for line in lines]
    return text, {row[0].strip(): int(row[-1]) for row in rows}


async def test_the_list_the_appendix_and_the_home_screen_agree(
    sample_db: str, tmp_path: Path
) -> None:
    listed = listed_words(sample_db)
    assert len(listed) == 8
    total = sum(listed.values())
    text, appended = appendix_words(sample_db, tmp_path / "appendix.md")
    assert appended == listed
    assert f"8 interviews ({total:,} words spoken, speaker labels and timestamps" in text
    app = make_app(sample_db, "carol")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert f"{total:,} words spoken" in str(home.query_one("#summary", Static).content)
        table = home.query_one("#transcripts", DataTable)
        column = [str(c.label) for c in table.ordered_columns].index("words")
        shown = {
            str(table.get_row_at(r)[0]): int(str(table.get_row_at(r)[column]).replace(",", ""))
            for r in range(table.row_count)
        }
        assert shown == listed
