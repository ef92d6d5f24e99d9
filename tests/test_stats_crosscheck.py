"""Today's figures against independent implementations: keyness (Monroe, Colaresi & Quinn
2008 from the paper's formulas; G2 by scipy), word counts (scikit-learn's CountVectorizer)
and thematic saturation (Guest, Namey & Chen 2020, re-implemented from its rule)."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency, power_divergence
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer
from stop_words import get_stop_words

from workbench.stats.appendix.figures import code_counts, interviews_by_group_and_year
from workbench.stats.data import StudyData, load_study
from workbench.stats.saturation import (
    SaturationRule,
    new_codes,
    run_table,
    saturation_point,
    saturation_summary,
)
from workbench.stats.words import _spoken, keyness, keyness_table, tokens, word_frequencies
from workbench.store.project import Project
from workbench.store.transcript_rows import transcript_texts, utterance_spans

FEW = settings(max_examples=40, deadline=None)

# -- keyness --------------------------------------------------------------------------------


def monroe(y_i: np.ndarray, y_j: np.ndarray, a0: float) -> tuple[np.ndarray, np.ndarray]:
    """Monroe et al. (2008) eqs. 16, 18-20 with an informative prior a_w = a0 * share of w."""
    n, m = y_i.sum(), y_j.sum()
    a = a0 * (y_i + y_j) / (n + m)
    # One word in all: both log-odds are ln(x/0), NaN as in the module (nothing to compare).
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((y_i + a) / (n + a0 - y_i - a)) - np.log((y_j + a) / (m + a0 - y_j - a))
        return delta, delta / np.sqrt(1 / (y_i + a) + 1 / (y_j + a))


def rayson_g2(a: float, b: float, n_a: float, n_b: float) -> float:
    """Rayson & Garside (2000): G2 over the two cells (the word in each corpus), by scipy."""
    expected = np.array([n_a, n_b]) * (a + b) / (n_a + n_b)
    # A word absent from one corpus: scipy takes 0 ln 0 as 0, as the module does.
    g2 = power_divergence([a, b], expected, lambda_="log-likelihood")
    # power_divergence sums 2 * O ln(O/E) over the cells given: exactly the two-cell G2.
    return float(g2.statistic)


def test_keyness_hand_worked() -> None:
    # Target a 10, b 0, c 5 (15 words); rest a 5, b 20, c 5 (30). Prior: the whole text (45),
    # a_a = 15. delta_a = ln(25/35) - ln(20/55) = 0.675129; var = 1/25 + 1/20 = 0.09, so
    # z = 0.675129 / 0.3 = 2.250429. G2: E = 5 and 10, G2 = 2 (10 ln 2 + 5 ln 0.5) = 10 ln 2.
    target = pd.Series({"a": 10, "c": 5})
    rest = pd.Series({"a": 5, "b": 20, "c": 5})
    table = keyness_table(target, rest).set_index("word")
    assert table.at["a", "log_odds"] == pytest.approx(math.log(25 / 35) - math.log(20 / 55))
    assert table.at["a", "log_odds"] == pytest.approx(0.675129, abs=1e-6)
    assert table.at["a", "z"] == pytest.approx(2.250429, abs=1e-6)
    assert table.at["a", "g2"] == pytest.approx(10 * math.log(2))
    # The full 2x2 table (Dunning 1993: the word and all other words in each corpus) gives
    # more here, a being a third of the target: the module's G2 is the two-cell form.
    full = chi2_contingency([[10, 5], [5, 25]], correction=False, lambda_="log-likelihood")
    assert full.statistic == pytest.approx(11.157, abs=1e-3)
    assert list(table.index) == ["a", "c", "b"]  # z descending


# A word absent from one side is missing from its Series, as `value_counts` leaves it.
counts = st.dictionaries(st.sampled_from("abcdefghij"), st.integers(1, 40), min_size=1, max_size=10)


@FEW
@given(counts, counts, st.one_of(st.none(), st.floats(0.5, 5000)))
def test_keyness_matches_the_papers_formulas_and_scipy(
    target: dict[str, int], rest: dict[str, int], prior_size: float | None
) -> None:
    a_series, b_series = pd.Series(target, dtype=np.int64), pd.Series(rest, dtype=np.int64)
    vocabulary = sorted(set(target) | set(rest))
    y_i = np.array([target.get(w, 0) for w in vocabulary], dtype=float)
    y_j = np.array([rest.get(w, 0) for w in vocabulary], dtype=float)
    table = keyness_table(a_series, b_series, prior_size).set_index("word").loc[vocabulary]
    a0 = y_i.sum() + y_j.sum() if prior_size is None else prior_size
    delta, z = monroe(y_i, y_j, a0)
    np.testing.assert_allclose(table["log_odds"], delta, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(table["z"], z, rtol=1e-9, atol=1e-12)
    g2 = [rayson_g2(a, b, y_i.sum(), y_j.sum()) for a, b in zip(y_i, y_j, strict=True)]
    np.testing.assert_allclose(table["g2"], g2, rtol=1e-9, atol=1e-9)
    assert (table["g2"] >= -1e-12).all()
    np.testing.assert_allclose(table["code_per_1000"], 1000 * y_i / y_i.sum())


# -- word counts ----------------------------------------------------------------------------

TOKEN = r"(?u)[^\W\d_]+(?:'[^\W\d_]+)*"


def english_stop() -> set[str]:
    return {w.replace("’", "'").lower() for w in get_stop_words("english")} | set(
        ENGLISH_STOP_WORDS
    )


def reference_counts(text: str, stop: set[str]) -> Counter[str]:
    """CountVectorizer's counts with the module's word pattern; the possessive 's merged into
    its word afterwards, then the stop words left out."""
    vectorizer = CountVectorizer(token_pattern=TOKEN, preprocessor=lambda t: t.lower())
    try:
        matrix = vectorizer.fit_transform([text.replace("’", "'")])
    except ValueError:  # no word at all
        return Counter()
    found: Counter[str] = Counter()
    for word, column in vectorizer.vocabulary_.items():
        word = word[:-2] if word.endswith("'s") else word
        found[word] += int(matrix[0, column])
    return Counter({w: n for w, n in found.items() if w not in stop})


texts = st.text(alphabet="abisntSTÉé'’ .,;-0129\n", max_size=120)


@FEW
@given(texts, st.sampled_from(["none", "english"]))
def test_tokens_match_count_vectorizer(text: str, language: str) -> None:
    found = tokens(text, language)
    counted = Counter(found.loc[~found["stop"], "word"])
    stop = set() if language == "none" else english_stop()
    assert counted == reference_counts(text, stop)


NOTE = re.compile(r"\[[^\]]*\]|\((?:laugh|pause|inaudible|crosstalk|sigh|cough)[^)]*\)", re.I)


def test_sample_frequencies_match_count_vectorizer(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        data = load_study(project, prefer_consensus=True)
        table = word_frequencies(data, language="english")
        with project.session() as session:
            texts_by_id = transcript_texts(session)
            turns = utterance_spans(session)
    said = []
    for tid, text in texts_by_id.items():
        mine = turns[turns[:, 0] == tid]
        pieces = [text[s:e] for _t, s, e in sorted(mine.tolist(), key=lambda r: r[1])]
        said.append(NOTE.sub(" ", "\n".join(pieces) if pieces else text))
    expected = reference_counts("\n".join(said), english_stop())
    assert dict(zip(table["word"], table["count"], strict=True)) == dict(expected)
    running = sum(reference_counts(text, set()).total() for text in said)
    np.testing.assert_allclose(table["per_1000"], 1000 * table["count"] / running)


def test_notes_may_wrap_but_not_over_a_blank_line() -> None:
    text = "We saw [a\nMiddle Eastern country] and (laughs\nloudly) then [open\n\nreal words"
    said = _spoken(text, tokens(text, "none"), np.zeros((0, 3), np.int64))
    assert said["word"].tolist() == ["we", "saw", "and", "then", "open", "real", "words"]


def test_keyness_rates_are_those_of_the_frequencies(sample_db: str) -> None:
    # Both per 1,000 running words of the code's segments (stop words included).
    with Project.open(sample_db) as project:
        data = load_study(project, prefer_consensus=True)
        busiest = int(data.codings["code_id"].value_counts().index[0])
        path = str(data.codes.at[busiest, "path"])
        rates = word_frequencies(data, code=path).set_index("word")["per_1000"]
        key = keyness(data, path).set_index("word")
        everywhere = word_frequencies(data).set_index("word")
    inside = key[key["code"] > 0]
    np.testing.assert_allclose(inside["code_per_1000"], rates.loc[inside.index])
    # The rest: every running word outside the code's segments.
    running = (everywhere["count"] * 1000 / everywhere["per_1000"]).iloc[0]
    in_code = (key["code"] * 1000 / key["code_per_1000"]).dropna().iloc[0]
    rest = key[key["rest"] > 0]
    np.testing.assert_allclose(rest["rest_per_1000"], 1000 * rest["rest"] / (running - in_code))
    np.testing.assert_array_equal(key["code"] + key["rest"], everywhere.loc[key.index, "count"])


# -- saturation -----------------------------------------------------------------------------


def reference_runs(
    new: list[int], base: int, run: int, threshold: float, step: int
) -> list[tuple[int, int, int, bool]]:
    """(first, last, new in the run, meets) for each run after the base, 1-based."""
    base_codes = sum(new[:base])
    rows = []
    first = base + 1
    while first + run - 1 <= len(new):
        added = sum(new[first - 1 : first - 1 + run])
        rows.append((first, first + run - 1, added, base_codes > 0 and
                     added / base_codes <= threshold / 100 + 1e-12))  # fmt: skip
        first += step
    return rows


def study(matrix: list[list[bool]], order: list[int]) -> StudyData:
    """A study of interviews t01... with codes c0... present as in `matrix`, and an
    attribute `wave` (the `order` values, ties allowed); one coder."""
    n_codes = len(matrix[0]) if matrix else 0
    codes = pd.DataFrame(
        {
            "path": [f"c{k}" for k in range(n_codes)],
            "theme_id": list(range(n_codes)),
            "order": list(range(n_codes)),
        }
    )
    names = [f"t{i + 1:02d}" for i in range(len(matrix))]
    transcripts = pd.DataFrame({"name": names, "wave": [str(v) for v in order]})
    codings = pd.DataFrame(
        [(i, k, 0, 0, 1) for i, row in enumerate(matrix) for k, on in enumerate(row) if on],
        columns=["transcript_id", "code_id", "coder_id", "start", "end"],
    )
    return StudyData(None, codes, {0: "anna"}, transcripts, ["wave"], codings)  # type: ignore[arg-type]


incidence = st.integers(1, 6).flatmap(
    lambda codes: st.lists(st.lists(st.booleans(), min_size=codes, max_size=codes), max_size=12)
)


@FEW
@given(
    incidence,
    st.data(),
    st.integers(1, 5),
    st.integers(1, 3),
    st.sampled_from([0.0, 5.0, 20.0, 50.0, 100.0]),
    st.sampled_from(["rolling", "fixed"]),
)
def test_saturation_matches_the_rule(
    matrix: list[list[bool]],
    data: st.DataObject,
    base: int,
    run: int,
    threshold: float,
    runs: str,
) -> None:
    waves = data.draw(st.lists(st.integers(1, 3), min_size=len(matrix), max_size=len(matrix)))
    rule = SaturationRule(base, run, threshold, runs)
    # Independently: interviews with a code, by wave then name; new codes against all before.
    order = sorted((w, i) for i, w in enumerate(waves) if any(matrix[i]))
    seen: set[int] = set()
    new, cumulative = [], []
    for _wave, i in order:
        here = {k for k, on in enumerate(matrix[i]) if on}
        new.append(len(here - seen))
        seen |= here
        cumulative.append(len(seen))
    frame = new_codes(study(matrix, waves), order="wave")
    assert frame["transcript"].tolist() == [f"t{i + 1:02d}" for _w, i in order]
    assert frame["new"].tolist() == new
    assert frame["cumulative"].tolist() == cumulative

    expected = reference_runs(new, base, run, threshold, 1 if runs == "rolling" else run)
    table = run_table(new, rule)
    got = table[["first", "last", "new_in_run", "meets_threshold"]].values.tolist()
    assert [tuple(row) for row in got] == expected
    point = saturation_point(new, rule)
    met = [first for first, _last, _added, meets in expected if meets]
    if len(new) >= base + run and sum(new[:base]) and met:
        assert point.reached and point.label == f"{met[0] - 1}+{run}"
    else:
        assert not point.reached and point.label == "not reached"
    if order:
        summary = saturation_summary(study(matrix, waves), rule, order="wave")
        assert summary.loc[0, ["interviews", "codes", "saturation"]].tolist() == [
            len(new), len(seen), point.label,
        ]  # fmt: skip


def test_saturation_edge_cases() -> None:
    # Threshold 0: only a run adding nothing confirms; a tie in the order is settled by name.
    matrix = [[True, True, False], [False, False, True], [True, False, False], [False] * 3,
              [True, False, False], [False, True, False]]  # fmt: skip
    frame = new_codes(study(matrix, [2, 1, 1, 1, 3, 3]), order="wave")
    assert frame["transcript"].tolist() == ["t02", "t03", "t01", "t05", "t06"]  # t04: empty
    assert frame["new"].tolist() == [1, 1, 1, 0, 0]
    assert saturation_point([1, 1, 1, 0, 0], SaturationRule(2, 2, 0.0)).label == "3+2"
    assert saturation_point([1, 1, 1, 0, 0], SaturationRule(3, 2, 0.0)).label == "3+2"
    assert saturation_point([1, 1, 1, 0], SaturationRule(3, 2, 0.0)).label == "not reached"


# -- appendix figures -----------------------------------------------------------------------


def test_appendix_counts_match_a_plain_count(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        data = load_study(project, prefer_consensus=True)
        counts = code_counts(data, "group")
        table = interviews_by_group_and_year(data)
    paths = data.codings["code_id"].map(data.codes["path"])
    groups = data.codings["transcript_id"].map(data.transcripts["group"])
    for row in counts.itertuples(index=False):
        # A code's figures include the codes below it: paths equal to it or under it.
        mine = (paths == row.code) | paths.str.startswith(f"{row.code}/")
        if row.group != "Total":
            mine &= groups == row.group
        assert row.codings == int(mine.sum()), row
        assert row.interviews == data.codings.loc[mine, "transcript_id"].nunique(), row
    by_hand = Counter(zip(data.transcripts["group"], data.transcripts["year"], strict=True))
    body = table[table["group"] != "Total"].set_index("group").drop(columns="Total")
    assert {(g, y): n for (g, y), n in body.stack().items() if n} == dict(by_hand)
    assert table.iloc[-1]["Total"] == len(data.transcripts)
