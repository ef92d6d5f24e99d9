"""Word figures against independent implementations: keyness (Monroe, Colaresi & Quinn
2008 from the paper's formulas; G2 by scipy), word counts (scikit-learn's CountVectorizer)
and stems (NLTK's Snowball). Saturation: test_stats_crosscheck_saturation.py."""

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

from workbench.stats.data import load_study
from workbench.stats.words import _spoken, keyness, keyness_table, tokens, word_frequencies
from workbench.store.corpus_rows import transcript_texts, utterance_spans
from workbench.store.project import Project

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
        with project.reading() as connection:
            texts_by_id = transcript_texts(connection)
            turns = utterance_spans(connection)
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


def test_stems_match_nltk_snowball(sample_db: str) -> None:
    from nltk.stem.snowball import SnowballStemmer

    with Project.open(sample_db) as project:
        data = load_study(project, prefer_consensus=True)
        plain = word_frequencies(data)
        stemmed = word_frequencies(data, stem=True)
    nltk_stem = SnowballStemmer("english").stem
    ours = {word: tokens(word, stem=True)["word"].item() for word in plain["word"]}
    # NLTK's English Snowball predates Snowball 3 (snowballstemmer 3.x), which keeps words
    # beginning emerg- and inter- apart (internal, international: intern in NLTK).
    differ = sorted(word for word, stem in ours.items() if stem != nltk_stem(word))
    assert all(word.startswith(("emerg", "inter")) for word in differ), differ
    by_stem: Counter[str] = Counter()
    for word, count in zip(plain["word"], plain["count"], strict=True):
        by_stem[ours[word]] += int(count)
    assert dict(zip(stemmed["word"], stemmed["count"], strict=True)) == dict(by_stem)
