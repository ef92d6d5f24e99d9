"""Study-wide keyword in context: every match of a phrase or pattern, its utterance and codes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from workbench.coding.visibility import Visibility, visibility
from workbench.domain import CodingInfo, TranscriptDoc, UtteranceInfo
from workbench.errors import WorkbenchError, did_you_mean, one_line
from workbench.store.codeindex import code_tree
from workbench.store.document_rows import read_documents
from workbench.store.project import Project
from workbench.text.csvwrite import csv_rows
from workbench.text.order import natural_key
from workbench.text.speakers import labels_named, left_out_note, unmatched

CONTEXT = 40  # characters shown either side of a hit (never beyond its utterance)
_SPACES = re.compile(r"\s+")
CSV_HEADER = (
    "transcript",
    "utterance",
    "speaker",
    "start",
    "end",
    "before",
    "hit",
    "after",
    "codes",
)


class SearchError(WorkbenchError):
    """A search that cannot run: a bad pattern, or a filter naming nothing in the study."""


@dataclass(frozen=True)
class SearchQuery:
    """What to look for: a phrase (or a regular expression with `regex`), ignoring case,
    in the utterances of `speaker` (its numbered variants too: `text.speakers`), inside
    passages coded `code` (by `coder` if given), in the transcripts whose attributes have
    the `where` values."""

    pattern: str
    regex: bool = False
    speaker: str | None = None
    code: str | None = None
    coder: str | None = None
    where: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Hit:
    """One match: where it is (offsets into the transcript's text), who said it, the words
    around it (inside its utterance), and the codes the viewer sees on it."""

    transcript: str
    utterance: int  # the utterance's number in its transcript; -1 outside any
    speaker: str
    start: int
    end: int
    before: str
    match: str
    after: str
    codes: tuple[str, ...]

    def line(self) -> str:
        """The hit in context on one line: what a list shows."""
        return f"{_flat(self.before)}[{_flat(self.match)}]{_flat(self.after)}"


@dataclass
class SearchCorpus:
    """The study as a search sees it, read once: texts, utterances and attributes of every
    transcript, and the codings that `viewer` may see (blind coding), by transcript."""

    documents: list[TranscriptDoc]
    codings: dict[str, list[CodingInfo]]
    code_paths: dict[str, str]  # every way to name a code (path, unique name) -> path
    code_status: dict[str, str]  # path -> active, merged or retired
    coders: list[str]
    viewer: Visibility
    speakers: list[str] = field(init=False)  # every speaker label, as written
    _by_name: dict[str, TranscriptDoc] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name = {doc.name: doc for doc in self.documents}
        labels = (u.speaker for doc in self.documents for u in doc.utterances if u.speaker)
        self.speakers = list(dict.fromkeys(labels))

    def document(self, name: str) -> TranscriptDoc:
        found = self._by_name.get(name)
        if found is not None:
            return found
        raise SearchError(f"no transcript named '{name}'")


def load_corpus(project: Project, coder: str | None = None) -> SearchCorpus:
    """Read the study for searching as `coder` sees it (None: the team, who see all)."""
    viewer = visibility(project, coder)
    with project.reading() as connection:
        documents = read_documents(connection)
        tree = code_tree(connection)
        paths = [tree.path(code) for code in tree.codes]
        status = {tree.path(code): code.status for code in tree.codes}
    names: dict[str, list[str]] = {}
    for path in paths:
        names.setdefault(path.rsplit("/", 1)[-1], []).append(path)
    code_paths = {name: found[0] for name, found in names.items() if len(found) == 1}
    code_paths.update({path: path for path in paths})
    codings: dict[str, list[CodingInfo]] = {}
    for coding in project.codings():
        if viewer.may_see(coding.transcript, coding.coder):
            codings.setdefault(coding.transcript, []).append(coding)
    return SearchCorpus(documents, codings, code_paths, status, project.coders(), viewer)


def compile_pattern(pattern: str, regex: bool) -> re.Pattern[str]:
    """The pattern to match, ignoring case: a phrase as written, or a regular expression."""
    if not pattern.strip():
        raise SearchError("the pattern is empty: give a word or phrase to look for")
    try:
        compiled = re.compile(pattern if regex else re.escape(pattern), re.IGNORECASE)
    except re.error as error:
        where = f" at position {error.pos}" if error.pos is not None else ""
        raise SearchError(f"bad regular expression '{pattern}': {error.msg}{where}") from error
    if compiled.fullmatch(""):  # `x|`, `a*`, `^`: refused before any text is read
        raise matches_empty(pattern)
    return compiled


def matches_empty(pattern: str) -> SearchError:
    """The refusal of a pattern that matches empty text: its hits would be empty spans, and
    dropping them silently would search for a different pattern than the one typed."""
    return SearchError(
        f"the pattern '{pattern}' matches empty text: make every part of it match at least "
        "one character (+ rather than *, no empty alternative, no bare \\b or ^)"
    )


def parse_where(values: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """`name=value` pairs (an attribute and the value transcripts must have)."""
    pairs = []
    for value in values:
        name, sep, wanted = value.partition("=")
        if not sep or not name.strip():
            raise SearchError(f"--where takes attribute=value (e.g. group=NGO), not '{value}'")
        pairs.append((name.strip(), wanted.strip()))
    return tuple(pairs)


def search(corpus: SearchCorpus, query: SearchQuery) -> list[Hit]:
    """Every hit of `query` in the study, in transcript and text order; a pattern that
    matches empty text anywhere in it (`\\b`, a lookahead) is refused."""
    pattern = compile_pattern(query.pattern, query.regex)
    speaker = _speaker(corpus, query.speaker)
    code = code_path(corpus, query.code)
    coder = _coder(corpus, query.coder)
    hits: list[Hit] = []
    for doc in _documents(corpus, query.where):
        # A sweep: hits come in text order, so a coding ending before one never covers a
        # later one; `open_codings` holds those started so far that may still cover a hit.
        codings = sorted(corpus.codings.get(doc.name, []), key=lambda c: c.start)
        following = 0
        open_codings: list[CodingInfo] = []
        for found in pattern.finditer(doc.text):
            start, end = found.span()
            if start == end:
                raise matches_empty(query.pattern)
            utterance = doc.utterance_at(start)
            if speaker is not None and (utterance is None or utterance.speaker not in speaker):
                continue
            while following < len(codings) and codings[following].start < end:
                open_codings.append(codings[following])
                following += 1
            open_codings = [c for c in open_codings if c.end > start]
            over = [c for c in open_codings if c.start < end]
            if code is not None and not any(
                _within(c.code, code) and (coder is None or c.coder == coder) for c in over
            ):
                continue
            hits.append(_hit(doc, utterance, start, end, over))
    return hits


def speaker_spans(corpus: SearchCorpus, query: SearchQuery) -> list[tuple[str, UtteranceInfo]]:
    """Every non-empty utterance of `query.speaker` in the transcripts `query.where` picks."""
    speaker = _speaker(corpus, query.speaker)
    return [
        (doc.name, utterance)
        for doc in _documents(corpus, query.where)
        for utterance in doc.utterances
        if speaker is not None and utterance.speaker in speaker and utterance.end > utterance.start
    ]


def speaker_note(corpus: SearchCorpus, query: SearchQuery) -> str:
    """One line naming the transcripts `query.where` picks in which `query.speaker` never
    speaks, so that a filtered count never leaves an interview out silently; "" if none."""
    speaker = _speaker(corpus, query.speaker)
    if speaker is None:
        return ""
    silent = [
        doc.name
        for doc in _documents(corpus, query.where)
        if not any(utterance.speaker in speaker for utterance in doc.utterances)
    ]
    assert query.speaker is not None
    return left_out_note([query.speaker.strip()], silent)


def hits_csv(hits: Sequence[Hit]) -> str:
    """The hits as CSV, one row each, the codes joined with '; '."""
    rows = [
        (
            hit.transcript,
            hit.utterance,
            hit.speaker,
            hit.start,
            hit.end,
            hit.before,
            hit.match,
            hit.after,
            "; ".join(hit.codes),
        )
        for hit in hits
    ]
    return csv_rows([CSV_HEADER, *rows])


def _hit(
    doc: TranscriptDoc,
    utterance: UtteranceInfo | None,
    start: int,
    end: int,
    over: list[CodingInfo],
) -> Hit:
    low, high = (utterance.start, utterance.end) if utterance else (0, len(doc.text))
    return Hit(
        transcript=doc.name,
        utterance=utterance.seq if utterance else -1,
        speaker=(utterance.speaker or "") if utterance else "",
        start=start,
        end=end,
        before=doc.text[max(low, start - CONTEXT) : start],
        match=doc.text[start:end],
        after=doc.text[end : max(end, min(high, end + CONTEXT))],
        codes=tuple(sorted({c.code for c in over})),
    )


def _documents(corpus: SearchCorpus, where: tuple[tuple[str, str], ...]) -> list[TranscriptDoc]:
    names = {name for doc in corpus.documents for name in doc.attributes}
    for name, wanted in where:
        if name not in names:
            known = ", ".join(sorted(names)) or "none"
            raise SearchError(f"no attribute '{name}' in the study (attributes: {known})")
        values = {doc.attributes[name] for doc in corpus.documents if name in doc.attributes}
        if wanted not in values:
            # Else the filter keeps no transcript and the error would blame the pattern.
            have = ", ".join(f"'{one_line(v)}'" for v in sorted(values, key=natural_key))
            raise SearchError(f"no transcript has {name}='{one_line(wanted)}' (values: {have})")
    return [
        doc
        for doc in corpus.documents
        if all(doc.attributes.get(name) == value for name, value in where)
    ]


def _speaker(corpus: SearchCorpus, speaker: str | None) -> set[str] | None:
    """The labels (as written) that `speaker` names: `text.speakers` decides."""
    if speaker is None:
        return None
    if unmatched([speaker], corpus.speakers):
        known = ", ".join(sorted(set(corpus.speakers))[:8]) or "none"
        raise SearchError(f"no speaker named '{speaker}' in the study (speakers: {known})")
    return labels_named([speaker], corpus.speakers)


def code_path(corpus: SearchCorpus, code: str | None) -> str | None:
    if code is None:
        return None
    found = corpus.code_paths.get(code.strip())
    if found is None:
        names = [name for name in corpus.code_paths if ("/" in name) == ("/" in code)]
        close = did_you_mean(code, names) or " (a name or a Parent/Child path)"
        raise SearchError(f"no code '{code}' in the codebook{close}")
    return found


def _coder(corpus: SearchCorpus, coder: str | None) -> str | None:
    if coder is None:
        return None
    if coder.strip() not in corpus.coders:
        raise SearchError(f"no coder named '{coder}' in the project")
    return coder.strip()


def _within(path: str, code: str) -> bool:
    """Whether `path` is `code` or a code below it."""
    return path == code or path.startswith(code + "/")


def _flat(text: str) -> str:
    """On one line: every run of whitespace (line breaks too) as one space."""
    return _SPACES.sub(" ", text)
