"""Word frequencies and keyness against a hand count on a corpus of ten words.

Corpus (stop list `none`):
  t1 (group A): "rights rights money\\nfunding rights"   rights 3, money 1, funding 1
  t2 (group B): "money money rights\\nthe agency"        money 2, rights 1, the 1, agency 1
Code X: anna codes t1 [0, 13) "rights rights" and t2 [12, 18) "rights"; ben codes t1 [7, 13)
"rights" again (overlapping: counted once), so X holds rights 3 of 3 running words.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import BACKENDS, _postgres_location
from workbench.cli import main
from workbench.errors import WorkbenchError
from workbench.stats.data import load_study
from workbench.stats.words import keyness, keyness_table, tokens, word_frequencies
from workbench.store.project import Project

TEXTS = {"t1": "rights rights money\nfunding rights\n", "t2": "money money rights\nthe agency\n"}
CODINGS = [("t1", "anna", 0, 13), ("t2", "anna", 12, 18), ("t1", "ben", 7, 13)]


@pytest.fixture(scope="module", params=BACKENDS)
def corpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Project]:
    """The corpus on SQLite and on PostgreSQL (when a server is configured)."""
    folder = tmp_path_factory.mktemp("words")
    for name, text in TEXTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "attributes.csv").write_text("transcript,group\nt1,A\nt2,B\n", encoding="utf-8")
    (folder / "codebook.yaml").write_text(
        "name: Words\ncodes:\n  - name: X\n  - name: Y\n", encoding="utf-8"
    )
    rows = ["transcript,coder,code,start,end,memo,text"]
    for name, coder, start, end in CODINGS:
        rows.append(f"{name},{coder},X,{start},{end},,{TEXTS[name][start:end]}")
    (folder / "codings.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    if request.param == "sqlite":
        yield from _build(folder, str(folder / "words.db"))
    else:
        for location in _postgres_location():
            yield from _build(folder, location)


def _build(folder: Path, location: str) -> Iterator[Project]:
    from workbench.codebook import service
    from workbench.codebook.files import load_codebook
    from workbench.exchange.codings_csv import import_codings
    from workbench.transcripts.importer import import_transcripts

    with Project.init(location, actor="tester") as project:
        service.load(project, load_codebook(folder / "codebook.yaml"), "codebook.yaml")
        import_transcripts(
            project,
            [folder / "t1.txt", folder / "t2.txt"],
            attributes=folder / "attributes.csv",
            allow_identifiers=True,
        )
        import_codings(project, folder / "codings.csv", allow_identifiers=True)
        yield project


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in frame[list(columns)].itertuples(index=False, name=None)]


def test_frequencies_of_all_text(corpus: Project) -> None:
    table = word_frequencies(load_study(corpus), language="none")
    assert rows(table, "word", "count", "transcripts") == [
        ("rights", 4, 2),
        ("money", 3, 2),
        ("agency", 1, 1),
        ("funding", 1, 1),
        ("the", 1, 1),
    ]
    assert table["per_1000"].tolist() == [400.0, 300.0, 100.0, 100.0, 100.0]


def test_frequencies_of_a_code_count_overlapping_codings_once(corpus: Project) -> None:
    table = word_frequencies(load_study(corpus), code="X", language="none")
    assert rows(table, "word", "count", "transcripts", "per_1000") == [("rights", 3, 2, 1000.0)]


def test_frequencies_by_group_with_top(corpus: Project) -> None:
    table = word_frequencies(load_study(corpus), by=["group"], language="none", top=2)
    assert rows(table, "group", "word", "count", "per_1000") == [
        ("A", "rights", 3, 600.0),
        ("A", "funding", 1, 200.0),
        ("B", "money", 2, 400.0),
        ("B", "agency", 1, 200.0),
    ]


def test_english_stop_words_go_but_count_as_running_words(corpus: Project) -> None:
    table = word_frequencies(load_study(corpus))
    assert "the" not in set(table["word"])
    assert table.loc[table["word"] == "rights", "per_1000"].item() == 400.0


def test_keyness_against_a_hand_count(corpus: Project) -> None:
    table = keyness(load_study(corpus), "X", language="none")
    first = table.iloc[0]
    assert (first["word"], first["code"], first["rest"]) == ("rights", 3, 1)
    # Target n=3, rest n=7, prior = the whole text's counts (alpha0 = 10, alpha = 4):
    # delta = ln(7/6) - ln(5/12) = 1.029619; var = 1/7 + 1/5; z = 1.758410.
    assert first["log_odds"] == pytest.approx(math.log(7 / 6) - math.log(5 / 12))
    assert first["log_odds"] == pytest.approx(1.029619, abs=1e-6)
    assert first["z"] == pytest.approx(1.758410, abs=1e-6)
    # G2: expected 1.2 and 2.8; 2 * (3 ln(3/1.2) + 1 ln(1/2.8)) = 3.438506.
    assert first["g2"] == pytest.approx(3.438506, abs=1e-6)
    assert first["code_per_1000"] == 1000.0
    money = table[table["word"] == "money"].iloc[0]
    assert (money["code"], money["rest"]) == (0, 3)
    assert money["z"] < 0
    # G2 with nothing observed in the code: 2 * 3 ln(3 / 2.1).
    assert money["g2"] == pytest.approx(2 * 3 * math.log(3 / 2.1))


def test_keyness_of_a_code_with_no_words_is_one_line(corpus: Project) -> None:
    with pytest.raises(WorkbenchError, match="no words coded with 'Y'"):
        keyness(load_study(corpus), "Y")


def counted_words(text: str, language: str = "english", stem: bool = False) -> list[str]:
    found = tokens(text, language, stem)
    return found.loc[~found["stop"], "word"].tolist()


def test_tokens_fold_case_drop_possessives_and_stop_words_and_stem() -> None:
    found = tokens("The agency’s RIGHTS, and IOM's money: don't 2016!")
    assert found["word"].tolist() == ["the", "agency", "rights", "and", "iom", "money", "don't"]
    assert found["stop"].tolist() == [True, False, False, True, False, False, True]
    assert counted_words("organisations running", stem=True) == ["organis", "run"]
    german = counted_words("Die Organisationen und der Staat", language="german", stem=True)
    assert german == ["organisation", "staat"]


def test_only_what_was_said_counts(tmp_path: Path) -> None:
    """Speaker labels are no utterance text; [laughs] and (pause) are the transcriber's."""
    from workbench.transcripts.importer import import_transcripts

    (tmp_path / "talk.txt").write_text(
        "Interviewer: Why money?\n\nRespondent: Money [laughs] money (Pause) money (as money).\n",
        encoding="utf-8",
    )
    with Project.init(str(tmp_path / "talk.db"), actor="tester") as project:
        import_transcripts(project, [tmp_path / "talk.txt"], allow_identifiers=True)
        table = word_frequencies(load_study(project), language="none")
    assert rows(table, "word", "count", "per_1000") == [
        ("money", 5, 5000 / 7),
        ("as", 1, 1000 / 7),
        ("why", 1, 1000 / 7),
    ]


def test_unknown_language_is_one_line() -> None:
    with pytest.raises(WorkbenchError, match="no stop-word list for 'klingon'"):
        tokens("words", language="klingon")


@given(
    st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 30), min_size=1),
    st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 30), min_size=1),
)
def test_keyness_is_antisymmetric_and_g2_is_never_negative(
    target: dict[str, int], reference: dict[str, int]
) -> None:
    a, b = pd.Series(target), pd.Series(reference)
    if a.sum() == 0 or b.sum() == 0:
        return
    forward = keyness_table(a, b).set_index("word")
    backward = keyness_table(b, a).set_index("word")
    assert (forward["g2"] >= -1e-9).all()
    # A text of one word has no odds (nan both ways).
    expected = -backward.loc[forward.index, "z"].to_numpy()
    assert forward["z"].to_numpy() == pytest.approx(expected, nan_ok=True)


def test_cli_words_csv_and_errors(corpus: Project, tmp_path: Path) -> None:
    out = tmp_path / "words.csv"
    args = ["words", "-p", corpus.location, "--stop-words", "none", "--top", "2"]
    result = CliRunner().invoke(main, [*args, "--csv", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines() == [
        "word,count,transcripts,per_1000,coders",
        'rights,4,2,400.0000,"anna,ben"',
        'money,3,2,300.0000,"anna,ben"',
    ]
    result = CliRunner().invoke(main, [*args, "--code", "X", "--keyness"])
    assert result.exit_code == 0, result.output
    assert "rights" in result.stdout and "log_odds" in result.stdout
    result = CliRunner().invoke(main, ["words", "-p", corpus.location, "--keyness"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: --keyness compares a code's segments with the rest: give --code"
    )
