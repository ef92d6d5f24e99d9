"""Study-wide search: hits with offsets, context, speakers and codes; filters; blind coding."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.assist_study import PLANTED, PLANTED_AT
from tests.csv_cells import AWKWARD, read_csv
from workbench.assist.search import (
    CONTEXT,
    CSV_HEADER,
    SearchCorpus,
    SearchError,
    SearchQuery,
    hits_csv,
    load_corpus,
    parse_where,
    search,
)
from workbench.coding.actions import CoderActions
from workbench.coding.status import set_status
from workbench.coding.visibility import TEAM
from workbench.domain import CodingInfo, TranscriptDoc, UtteranceInfo
from workbench.store.project import Project


def test_every_planted_phrase_is_found_where_it_was_planted(generated_study: Project) -> None:
    hits = search(load_corpus(generated_study), SearchQuery("Projectised FUNDING"))
    assert {(hit.transcript, hit.utterance) for hit in hits} == {
        (f"g{number}", turn + 1)
        for number, turn in PLANTED_AT  # numbered from 1
    }
    for hit in hits:
        text = generated_study.transcript(hit.transcript).text
        assert text[hit.start : hit.end] == hit.match == PLANTED
        assert text[hit.start - len(hit.before) : hit.start] == hit.before
        assert text[hit.end : hit.end + len(hit.after)] == hit.after
        assert hit.speaker == "Respondent" and hit.codes == ()


def test_filters_by_speaker_attribute_and_code(generated_study: Project) -> None:
    corpus = load_corpus(generated_study)
    assert search(corpus, SearchQuery(PLANTED, speaker="interviewer")) == []
    ngo = search(corpus, SearchQuery(PLANTED, where=parse_where(["group=NGO"])))
    assert {hit.transcript for hit in ngo} == {"g0", "g2", "g4"}
    anna = CoderActions(generated_study, "anna")
    first = ngo[0]
    anna.apply(first.transcript, "Funding", first.start - 3, first.end + 3)
    corpus = load_corpus(generated_study)
    coded = search(corpus, SearchQuery("projecti[sz]ed", regex=True, code="Funding"))
    assert [(hit.transcript, hit.start, hit.codes) for hit in coded] == [
        (first.transcript, first.start, ("Funding",))
    ]
    by_anna = search(corpus, SearchQuery(PLANTED, code="Funding", coder="anna"))
    assert [(hit.transcript, hit.start) for hit in by_anna] == [(first.transcript, first.start)]
    assert search(corpus, SearchQuery(PLANTED, code="Legitimation")) == []


def test_blind_coding_hides_what_others_coded_until_done(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        team = search(load_corpus(project), SearchQuery("mandate"))
        coded = next(hit for hit in team if hit.codes)
        bens = {
            c.code
            for c in project.codings(coders=["ben"], transcripts=[coded.transcript])
            if c.start < coded.end and coded.start < c.end
        }
        annas = {
            c.code
            for c in project.codings(coders=["anna"], transcripts=[coded.transcript])
            if c.start < coded.end and coded.start < c.end
        }
        set_status(project, coded.transcript, "anna", "in_progress")
        as_anna = search(load_corpus(project, "anna"), SearchQuery("mandate"))
    same = next(hit for hit in as_anna if hit.start == coded.start)
    assert set(same.codes) == annas
    assert set(coded.codes) == annas | bens


@pytest.mark.parametrize(
    ("query", "words"),
    [
        (SearchQuery("(", regex=True), "bad regular expression '('"),
        (SearchQuery("  "), "the pattern is empty"),
        (SearchQuery("x", speaker="nobody"), "no speaker named 'nobody'"),
        (SearchQuery("x", code="Nothing"), "no code 'Nothing'"),
        (SearchQuery("x", coder="zoe"), "no coder named 'zoe'"),
        (SearchQuery("x", where=(("colour", "red"),)), "no attribute 'colour'"),
    ],
)
def test_bad_queries_are_refused_in_one_line(
    generated_study: Project, query: SearchQuery, words: str
) -> None:
    with pytest.raises(SearchError, match=re.escape(words)):
        search(load_corpus(generated_study), query)


def test_where_takes_name_equals_value() -> None:
    assert parse_where([" group = NGO"]) == (("group", "NGO"),)
    with pytest.raises(SearchError, match="attribute=value"):
        parse_where(["group"])


@pytest.mark.parametrize(
    "pattern",
    ["x|", "|camp", "a*", "^", "$", "(?:)", r"\b", "(?=camp)", r"camp|\b", r"\bx?\b"],
)
def test_a_pattern_that_can_match_empty_text_is_refused(
    generated_study: Project, pattern: str
) -> None:
    # Some match empty text anywhere (x|, a*), some only at places in the text (\b, a
    # lookahead): either would code empty spans or, dropped silently, a different pattern.
    with pytest.raises(SearchError, match=re.escape(f"'{pattern}' matches empty text")):
        search(load_corpus(generated_study), SearchQuery(pattern, regex=True))


def test_a_pattern_that_cannot_match_empty_text_is_searched(generated_study: Project) -> None:
    assert search(load_corpus(generated_study), SearchQuery(r"\bcamps?\b|x+", regex=True))


def test_the_csv_has_one_row_per_hit(generated_study: Project) -> None:
    hits = search(load_corpus(generated_study), SearchQuery(PLANTED))
    lines = hits_csv(hits).splitlines()
    assert lines[0] == "transcript,utterance,speaker,start,end,before,hit,after,codes"
    assert len(lines) == len(PLANTED_AT) + 1
    assert lines[1].startswith(f"g0,2,Respondent,{hits[0].start},{hits[0].end},")


def _corpus(text: str, cuts: list[int]) -> SearchCorpus:
    bounds = sorted({0, len(text), *(c % (len(text) + 1) for c in cuts)})
    utterances = tuple(
        UtteranceInfo(seq, "A" if seq % 2 else "B", lo, hi)
        for seq, (lo, hi) in enumerate(pairwise(bounds))
    )
    doc = TranscriptDoc("t", text, "", utterances)
    return SearchCorpus([doc], {}, {}, {}, [], TEAM)


@given(
    st.text(alphabet="abAB ßİ\n.", max_size=80),
    st.text(alphabet="abAB", min_size=1, max_size=3),
    st.lists(st.integers(0, 80), max_size=5),
)
def test_hits_index_the_text_and_stay_inside_their_utterance(
    text: str, needle: str, cuts: list[int]
) -> None:
    corpus = _corpus(text, cuts)
    doc = corpus.documents[0]
    hits = search(corpus, SearchQuery(needle))
    assert len(hits) == len(re.findall(re.escape(needle), text, re.IGNORECASE))
    for hit in hits:
        assert text[hit.start : hit.end] == hit.match
        assert hit.match.casefold() == needle.casefold()
        assert text[hit.start - len(hit.before) : hit.start] == hit.before
        assert text[hit.end : hit.end + len(hit.after)] == hit.after
        assert len(hit.before) <= CONTEXT and len(hit.after) <= CONTEXT
        utterance = doc.utterance_at(hit.start)
        if utterance is not None:
            assert hit.start - len(hit.before) >= utterance.start
            assert hit.end + len(hit.after) <= max(utterance.end, hit.end)


@given(
    st.text(alphabet="ab .", min_size=1, max_size=60),
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20), st.sampled_from("XYZ")), max_size=8),
)
def test_the_codes_on_a_hit_are_those_of_the_codings_over_it(
    text: str, spans: list[tuple[int, int, str]]
) -> None:
    codings = [
        CodingInfo(n, "t", "anna", code, start % len(text), min(len(text), start % len(text) + n_))
        for n, (start, n_, code) in enumerate(spans)
        if start % len(text) < min(len(text), start % len(text) + n_)
    ]
    corpus = _corpus(text, [])
    corpus.codings = {"t": codings}
    for hit in search(corpus, SearchQuery("a")):
        over = {c.code for c in codings if c.start < hit.end and hit.start < c.end}
        assert set(hit.codes) == over


def test_the_csv_reads_back_names_texts_and_codes_holding_line_ends_quotes_and_commas(
    tmp_path: Path,
) -> None:
    documents = [
        TranscriptDoc(
            value, f"{value} x {value}", "", (UtteranceInfo(0, value, 0, 2 * len(value) + 3),)
        )
        for value in AWKWARD
    ]
    codings = {value: [CodingInfo(0, value, "anna", value, 0, len(value) + 2)] for value in AWKWARD}
    hits = search(SearchCorpus(documents, codings, {}, {}, [], TEAM), SearchQuery("x"))
    assert sorted(hit.transcript for hit in hits) == sorted(AWKWARD)
    out = tmp_path / "hits.csv"
    out.write_text(hits_csv(hits), encoding="utf-8", newline="")
    assert read_csv(out) == [
        list(CSV_HEADER),
        *(
            [h.transcript, str(h.utterance), h.speaker, str(h.start), str(h.end), h.before,
             h.match, h.after, "; ".join(h.codes)]
            for h in hits
        ),
    ]  # fmt: skip
    assert {hit.codes for hit in hits} == {(value,) for value in AWKWARD}
