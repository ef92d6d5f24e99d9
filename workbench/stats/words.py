"""Word frequencies in the transcripts, a code's segments or a group's interviews, and keyness.

Definitions (the README and `workbench words --help` repeat them):

- A *word* is a run of letters, with inner apostrophes kept (`don't`), case-folded; `’` is
  read as `'`; in English a possessive `'s` is dropped (`IOM's` -> `iom`). Digits and
  punctuation are no words. Only what was said is read: the utterances' text (not the
  speaker labels before it), outside transcriber's notes: [anything in square brackets] and
  cues in parentheses such as (laughs), (pause), (inaudible).
- *Stop words* are left out before counting: for English scikit-learn's list joined with the
  `stop-words` package's (which has the contractions); for another language that package's
  list; `none` keeps every word. `--stem` reduces the words that remain with the Snowball
  stemmer of that language (English when the list is `none`).
- A word belongs to a code's segments when it overlaps the union of the spans of that code
  (and of the codes below it) by the loaded coders: overlapping codings count a word once,
  and a span that starts inside a word takes the whole word.
- `per_1000`: occurrences per 1,000 running words of the scope (stop words included).
- Keyness compares a code's words with the rest of the text (counted words only, stop
  words out): log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
  2008, "Fightin' words") whose prior is the whole text's counts scaled to `prior_size`
  words (default: the whole text), its z-score, and the log-likelihood G2 in Rayson &
  Garside's (2000) two-cell form (the word in the code, the word in the rest), not
  Dunning's full 2x2 table, which adds the other words' cells and gives more for a word
  that is a large share of either side. `code_per_1000` and `rest_per_1000` are per 1,000
  running words, as `per_1000` is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
import pandas as pd

from workbench.errors import WorkbenchError
from workbench.stats.data import StudyData, natural_rank
from workbench.store.corpus_rows import transcript_texts, utterance_spans

NO_STOP_WORDS = "none"
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# The transcriber's notes, not what was said: anything in square brackets ([inaudible 00:12]),
# and the usual cues in parentheses ("(laughs)"; other parentheses may be speech). A note may
# wrap onto the next line ("[a\nMiddle Eastern country]" in the sample study), but not over a
# blank line: an unclosed bracket must not swallow the turns after it.
_CUES = r"laugh|chuckl|pause|inaudible|unintelligible|unclear|crosstalk|overlap|sigh|cough|silence"
_INSIDE = r"(?:[^{close}\n]|\n(?![ \t]*\n))*"
_NOTE = re.compile(
    rf"\[{_INSIDE.format(close=re.escape(']['))}\]"
    rf"|\((?:{_CUES}){_INSIDE.format(close=re.escape(')('))}\)",
    re.IGNORECASE,
)

Stemmer = Callable[[str], str]


@cache
def stop_words(language: str) -> frozenset[str]:
    """The stop list of `language` ("english", "german", ... or "none")."""
    language = language.lower()
    if language == NO_STOP_WORDS:
        return frozenset()
    from stop_words import AVAILABLE_LANGUAGES, get_stop_words

    if language not in AVAILABLE_LANGUAGES:
        have = ", ".join(sorted([*AVAILABLE_LANGUAGES, NO_STOP_WORDS]))
        raise WorkbenchError(f"no stop-word list for '{language}' (have: {have})")
    words = {word.replace("’", "'").casefold() for word in get_stop_words(language)}
    if language == "english":
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        words |= set(ENGLISH_STOP_WORDS)
    return frozenset(words)


@cache
def stemmer(language: str) -> Stemmer:
    """Snowball's stemmer for `language` (English for "none")."""
    import snowballstemmer

    language = "english" if language.lower() == NO_STOP_WORDS else language.lower()
    if language not in snowballstemmer.algorithms():
        have = ", ".join(snowballstemmer.algorithms())
        raise WorkbenchError(f"no Snowball stemmer for '{language}' (have: {have})")
    # A text repeats its words: stem each distinct one once.
    stem: Stemmer = cache(snowballstemmer.stemmer(language).stemWord)
    return stem


def tokens(text: str, language: str = "english", stem: bool = False) -> pd.DataFrame:
    """Every word of `text`: `start, end` offsets, the `word` as counted (folded, stemmed
    with `stem`) and whether it is a `stop` word of `language`."""
    stop = stop_words(language)
    reduce = stemmer(language) if stem else None
    english = language.lower() in ("english", NO_STOP_WORDS)
    starts, ends, words, stops = [], [], [], []
    for match in _WORD.finditer(text.replace("’", "'")):
        word = match.group().casefold()
        if english and word.endswith("'s"):
            word = word[:-2]
        starts.append(match.start())
        ends.append(match.end())
        stops.append(word in stop)
        words.append(reduce(word) if reduce and not stops[-1] else word)
    return pd.DataFrame(
        {
            "start": np.array(starts, np.int64),
            "end": np.array(ends, np.int64),
            "word": words,
            "stop": np.array(stops, dtype=bool),
        }
    )


def _corpus(
    data: StudyData, code: str | None, language: str, stem: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every counted word (`transcript_id, word, in_code`) and, per transcript, its running
    words in all and inside the code's segments (`running, running_in_code`).

    Only what was said counts: the words of the utterances (not the speakers' labels before
    them) outside the transcriber's notes (`_NOTE`).
    """
    ids = list(data.transcripts.index)
    with data.project.reading() as connection:
        texts = transcript_texts(connection, ids)
        turns = utterance_spans(connection)
    wanted = data.subtree(code) if code is not None else []
    spans = data.codings[data.codings["code_id"].isin(wanted)]
    counted, totals = [], []
    for tid in ids:
        text = texts[tid]
        found = _spoken(text, tokens(text, language, stem), turns[turns[:, 0] == tid])
        mine = spans[spans["transcript_id"] == tid]
        inside = _overlaps(found, mine["start"].to_numpy(np.int64), mine["end"].to_numpy(np.int64))
        totals.append((tid, len(found), int(inside.sum())))
        found = found.assign(transcript_id=tid, in_code=inside)[~found["stop"].to_numpy()]
        counted.append(found[["transcript_id", "word", "in_code"]])
    words = pd.concat(counted, ignore_index=True) if counted else _empty_words()
    table = pd.DataFrame(totals, columns=["transcript_id", "running", "running_in_code"])
    return words, table.set_index("transcript_id")


def _spoken(text: str, found: pd.DataFrame, turns: np.ndarray) -> pd.DataFrame:
    """The words inside the utterances (all, for a transcript without any) and outside
    bracketed notes."""
    keep = np.ones(len(found), dtype=bool)
    if len(turns):
        keep &= _overlaps(found, turns[:, 1], turns[:, 2])
    notes = [(m.start(), m.end()) for m in _NOTE.finditer(text)]
    if notes:
        bounds = np.array(notes, dtype=np.int64)
        keep &= ~_overlaps(found, bounds[:, 0], bounds[:, 1])
    return found[keep].reset_index(drop=True)


def _empty_words() -> pd.DataFrame:
    return pd.DataFrame(
        {"transcript_id": np.array([], np.int64), "word": [], "in_code": np.array([], bool)}
    )


def _overlaps(found: pd.DataFrame, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """For each word, whether any [start, end) span overlaps it."""
    if not len(starts):
        return np.zeros(len(found), dtype=bool)
    merged_starts, merged_ends = _union(starts, ends)
    word_starts = found["start"].to_numpy(np.int64)
    word_ends = found["end"].to_numpy(np.int64)
    # The first merged span ending after the word starts overlaps it if it starts before its end.
    index = np.searchsorted(merged_ends, word_starts, side="right")
    inside = index < len(merged_ends)
    hit = np.zeros(len(found), dtype=bool)
    hit[inside] = merged_starts[index[inside]] < word_ends[inside]
    return hit


def _union(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Overlapping [start, end) spans merged: sorted, disjoint spans."""
    order = np.argsort(starts, kind="stable")
    merged: list[list[int]] = []
    for start, end in zip(starts[order].tolist(), ends[order].tolist(), strict=True):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    bounds = np.array(merged, dtype=np.int64).reshape(-1, 2)
    return bounds[:, 0], bounds[:, 1]


def word_frequencies(
    data: StudyData,
    code: str | None = None,
    by: Sequence[str] = (),
    language: str = "english",
    stem: bool = False,
    top: int | None = None,
) -> pd.DataFrame:
    """`<by...>,word,count,transcripts,per_1000`: the words of all text (or of `code`'s
    segments), by the `by` attributes' values, most frequent first (ties in word order);
    `top` keeps that many per value."""
    by = data.check_attributes(by, taken=("word", "count", "transcripts", "per_1000"))
    if top is not None and top < 1:
        raise WorkbenchError("--top must be 1 or more")
    words, totals = _corpus(data, code, language, stem)
    if code is not None:
        words = words[words["in_code"]]
    running = totals["running_in_code" if code is not None else "running"]
    for name in by:
        words = words.assign(**{name: words["transcript_id"].map(data.transcripts[name])})
    keys = [*by, "word"]
    table = (
        words.groupby(keys, sort=False)
        .agg(count=("word", "size"), transcripts=("transcript_id", "nunique"))
        .reset_index()
    )
    if by:
        scope = running.groupby(data.transcripts.loc[running.index, by].agg(tuple, axis=1)).sum()
        per_group = table[by].agg(tuple, axis=1).map(scope)
    else:
        per_group = pd.Series(int(running.sum()), index=table.index)
    table["per_1000"] = 1000 * table["count"] / per_group.astype(float)
    table = table.assign(**{f"_{name}": natural_rank(table[name]) for name in by})
    table = table.sort_values(
        [*(f"_{name}" for name in by), "count", "word"],
        ascending=[*([True] * len(by)), False, True],
        kind="stable",
    )
    if top is not None:
        table = table.groupby(by, sort=False).head(top) if by else table.head(top)
    table["count"] = table["count"].astype(np.int64)
    table["transcripts"] = table["transcripts"].astype(np.int64)
    return table[[*by, "word", "count", "transcripts", "per_1000"]].reset_index(drop=True)


def keyness_table(
    target: pd.Series,
    reference: pd.Series,
    prior_size: float | None = None,
    running: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Keyness of each word from its counts in the target and the reference (Series indexed
    by word): `word,code,rest,code_per_1000,rest_per_1000,log_odds,z,g2`, most
    distinctive of the target first (z descending, then word). The rates are per 1,000 of
    the `running` words of each (stop words included, as in `word_frequencies`; by default
    the counted words)."""
    vocabulary = sorted(set(target.index) | set(reference.index))
    a = target.reindex(vocabulary, fill_value=0).to_numpy(dtype=float)
    b = reference.reindex(vocabulary, fill_value=0).to_numpy(dtype=float)
    n_a, n_b = a.sum(), b.sum()
    total = n_a + n_b
    per_a, per_b = (n_a, n_b) if running is None else running
    alpha0 = total if prior_size is None else float(prior_size)
    if alpha0 <= 0:
        raise WorkbenchError("the prior's size must be more than 0")
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = alpha0 * (a + b) / total
        # Monroe et al. (2008): the difference of the two log-odds, and its approximate variance.
        log_odds = np.log((a + alpha) / (n_a + alpha0 - a - alpha)) - np.log(
            (b + alpha) / (n_b + alpha0 - b - alpha)
        )
        z = log_odds / np.sqrt(1 / (a + alpha) + 1 / (b + alpha))
        expected_a = n_a * (a + b) / total
        expected_b = n_b * (a + b) / total
        g2 = 2 * (_x_log(a, expected_a) + _x_log(b, expected_b))
        frame = pd.DataFrame(
            {
                "word": vocabulary,
                "code": a.astype(np.int64),
                "rest": b.astype(np.int64),
                "code_per_1000": 1000 * a / per_a if per_a else np.zeros(len(a)),
                "rest_per_1000": 1000 * b / per_b if per_b else np.zeros(len(b)),
                "log_odds": log_odds,
                "z": z,
                "g2": g2,
            }
        )
    frame = frame.assign(_neg=-frame["z"]).sort_values(["_neg", "word"], kind="stable")
    return frame.drop(columns="_neg").reset_index(drop=True)


def _x_log(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """observed * ln(observed / expected), 0 where nothing was observed."""
    safe = np.where(observed > 0, observed, 1.0)
    return np.where(observed > 0, observed * np.log(safe / np.where(expected > 0, expected, 1)), 0)


def keyness(
    data: StudyData,
    code: str,
    language: str = "english",
    stem: bool = False,
    top: int | None = None,
    prior_size: float | None = None,
) -> pd.DataFrame:
    """The words that distinguish `code`'s segments from the rest of the text
    (`keyness_table`); `top` keeps the most distinctive."""
    if top is not None and top < 1:
        raise WorkbenchError("--top must be 1 or more")
    words, totals = _corpus(data, code, language, stem)
    inside = words[words["in_code"]]["word"].value_counts()
    outside = words[~words["in_code"]]["word"].value_counts()
    if inside.empty:
        raise WorkbenchError(f"no words coded with '{code}' by {data.counted}")
    in_code = int(totals["running_in_code"].sum())
    running = (in_code, int(totals["running"].sum()) - in_code)
    table = keyness_table(inside, outside, prior_size, running)
    return table.head(top) if top is not None else table
