"""One read of the store for statistics: codes, coders, transcripts, attributes and codings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from workbench.agreement.vocabulary import DEFAULT_CONSENSUS
from workbench.coding.visibility import TEAM, Visibility
from workbench.errors import ProjectError, WorkbenchError
from workbench.store.codeindex import CodeNode, CodeTree, code_tree
from workbench.store.corpus_rows import (
    CODING_COLUMNS,
    attribute_names_by_first_import,
    attribute_values,
    coder_ids,
    coding_arrays,
    transcript_texts,
    utterance_spans,
)
from workbench.store.project import Project
from workbench.text.order import natural_key as natural_key
from workbench.text.scan import word_bounds

if TYPE_CHECKING:
    from sqlalchemy import Connection

LEVELS = ("code", "theme")
CHOSEN = "chosen with --coder"
CONSENSUS = "the consensus coder; --coder chooses others"
POOLED_CODERS = "every coder pooled: there is no consensus coder; --coder chooses"


def natural_rank(values: pd.Series) -> pd.Series:
    """Each value's position in natural order: a sort key pandas can use."""
    ordered = sorted(set(values.astype(str)), key=natural_key)
    ranks = {value: rank for rank, value in enumerate(ordered)}
    return values.astype(str).map(ranks)


def check_level(level: str) -> str:
    if level not in LEVELS:
        raise WorkbenchError(f"level must be one of {', '.join(LEVELS)}, not '{level}'")
    return level


@dataclass
class StudyData:
    """What the numbers are computed from; texts and utterances are read only when needed.

    `codes` (index code id): path, name, theme (top-level path), theme_id, status, order
    (codebook depth-first position). `transcripts` (index transcript id): name and one column
    per attribute ("" where a transcript lacks it). `codings`: one row per coding, only
    those `visibility` lets its viewer see (blind coding; the team sees every one).
    """

    project: Project
    codes: pd.DataFrame
    coders: dict[int, str]
    transcripts: pd.DataFrame
    attribute_names: list[str]
    codings: pd.DataFrame
    coder_rule: str = POOLED_CODERS  # why these coders' codings are the ones counted
    visibility: Visibility = TEAM
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    # -- names and rows -----------------------------------------------------------------------

    def coder_names(self) -> list[str]:
        return sorted(self.coders.values(), key=natural_key)

    @property
    def counted(self) -> str:
        """Whose coding the numbers count, and why: 'consensus (the consensus coder; ...)'."""
        return f"{', '.join(self.coder_names()) or 'no coder'} ({self.coder_rule})"

    def code_rows(self, level: str) -> pd.DataFrame:
        """The codes (or themes) that get a row: all but merged ones, plus any with codings."""
        used = set(self.codings["code_id"].unique())
        codes = self.codes
        if check_level(level) == "theme":
            used = set(codes.loc[list(used), "theme_id"]) if used else set()
            codes = codes[codes.index == codes["theme_id"]]
        keep = (codes["status"] != "merged") | codes.index.isin(list(used))
        return codes[keep].sort_values("order")

    def check_attributes(self, names: Sequence[str], taken: Sequence[str] = ()) -> list[str]:
        """`names` if each is an attribute, used once and not one of the `taken` columns."""
        for name in names:
            if name not in self.attribute_names:
                have = ", ".join(self.attribute_names) or "none"
                raise WorkbenchError(f"no attribute '{name}' in this project (have: {have})")
            if name in taken:
                raise WorkbenchError(f"attribute '{name}' has the name of a column of the table")
        if len(set(names)) < len(names):
            raise WorkbenchError("each attribute can be given once")
        return list(names)

    def check_attribute_columns(self, taken: Sequence[str]) -> None:
        """Tables with every attribute as a column need names distinct from their own."""
        clash = sorted(set(self.attribute_names) & set(taken))
        if clash:
            raise WorkbenchError(
                f"attribute '{clash[0]}' has the name of a column of the table; rename it"
            )

    def resolve(self, reference: str) -> int:
        """The id of the code named by path or by (unique) name."""
        with self.project.reading() as connection:
            return code_tree(connection).resolve(reference).id

    def path(self, reference: str) -> str:
        return str(self.codes.at[self.resolve(reference), "path"])

    def subtree(self, reference: str | int) -> list[int]:
        """Ids of a code (by id, path or unique name) and of every code below it."""
        root = reference if isinstance(reference, int) else self.resolve(reference)
        prefix = self.codes.at[root, "path"] + "/"
        paths = self.codes["path"]
        return [root, *self.codes.index[paths.str.startswith(prefix)].tolist()]

    def visible(self, codings: pd.DataFrame) -> pd.DataFrame:
        """The rows of `codings` (with transcript_id and coder_id) the viewer may see,
        numbered from 0 again (the statistics take row labels for positions)."""
        if not self.visibility.hidden:
            return codings
        names = self.transcripts["name"]
        hidden = names.index[names.isin(sorted(self.visibility.hidden))]
        own = [cid for cid, name in self.coders.items() if name == self.visibility.coder]
        keep = codings["coder_id"].isin(own) | ~codings["transcript_id"].isin(hidden)
        return codings[keep.to_numpy()].reset_index(drop=True)

    # -- texts, read on demand ----------------------------------------------------------------

    def text_layout(self) -> TextLayout:
        """Every transcript's text laid end to end, with its words' and utterances' bounds."""
        if "layout" not in self._cache:
            self._cache["layout"] = TextLayout.read(self.project, list(self.transcripts.index))
        layout: TextLayout = self._cache["layout"]
        return layout

    def coding_words(self) -> tuple[np.ndarray, np.ndarray]:
        """For each row of `codings`, the [low, high) indices of the words it touches."""
        if "words" not in self._cache:
            from workbench.stats.spans import word_ranges

            layout = self.text_layout()
            starts, ends = layout.global_spans(self.codings)
            self._cache["words"] = word_ranges(starts, ends, layout.word_starts, layout.word_ends)
        ranges: tuple[np.ndarray, np.ndarray] = self._cache["words"]
        return ranges


@dataclass(frozen=True)
class TextLayout:
    """Global offsets: transcript t's offset o sits at `offsets[t] + o` (texts joined by LF).

    Words (runs of non-space characters, as `workbench.text.word_count` counts them) and
    non-empty utterances are sorted, disjoint [start, end) spans in that global space.
    """

    offsets: dict[int, int]
    word_starts: np.ndarray
    word_ends: np.ndarray
    utterance_starts: np.ndarray
    utterance_ends: np.ndarray
    utterance_transcripts: np.ndarray

    @classmethod
    def read(cls, project: Project, transcript_ids: list[int]) -> TextLayout:
        with project.reading() as connection:
            texts = transcript_texts(connection)
            utterances = utterance_spans(connection)
        offsets: dict[int, int] = {}
        pieces: list[str] = []
        position = 0
        for tid in transcript_ids:
            offsets[tid] = position
            pieces.append(texts[tid])
            position += len(texts[tid]) + 1
        starts, ends = word_bounds("\n".join(pieces))
        base = pd.Series(utterances[:, 0]).map(offsets).to_numpy(dtype=np.int64)
        order = np.argsort(base + utterances[:, 1], kind="stable")
        utterances, base = utterances[order], base[order]
        return cls(
            offsets=offsets,
            word_starts=starts,
            word_ends=ends,
            utterance_starts=base + utterances[:, 1],
            utterance_ends=base + utterances[:, 2],
            utterance_transcripts=utterances[:, 0],
        )

    def global_spans(self, codings: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        base = codings["transcript_id"].map(self.offsets).to_numpy(dtype=np.int64)
        return (
            base + codings["start"].to_numpy(dtype=np.int64),
            base + codings["end"].to_numpy(dtype=np.int64),
        )


def load_study(
    project: Project,
    coders: Sequence[str] | None = None,
    visibility: Visibility = TEAM,
    *,
    prefer_consensus: bool = False,
) -> StudyData:
    """Read the codebook, transcripts with attributes and codings (of `coders`, if given),
    keeping only the codings `visibility` shows (all of them for the team).

    With no `coders`, `prefer_consensus` reads only the consensus coder's codings when that
    coder has any (a report then counts the settled coding, not every coder's at once);
    otherwise every coder's are read, pooled.
    """
    rule = CHOSEN if coders else POOLED_CODERS
    with project.reading() as connection:
        wanted = _read_coder_ids(connection, coders)
        codings = None
        if wanted is None and prefer_consensus:
            consensus = list(coder_ids(connection, [DEFAULT_CONSENSUS]).values())
            if consensus:
                codings = coding_arrays(connection, coder_ids=consensus)
                if len(codings):
                    wanted, rule = consensus, CONSENSUS
                else:  # a consensus coder who has coded nothing yet: every coder's, pooled
                    codings = None
        if codings is None:
            codings = coding_arrays(connection, coder_ids=wanted)
        transcripts, attribute_names = _read_transcripts(connection, codings.transcripts)
    codes = _code_rows(codings.tree)
    data = StudyData(
        project,
        codes,
        _loaded_coders(codings.coders, wanted),
        transcripts,
        attribute_names,
        pd.DataFrame(codings.numbers, columns=CODING_COLUMNS),
        rule,
        visibility,
    )
    if visibility.hidden:
        # A coder whose every coding is hidden is no column of the viewer's tables either.
        data.codings = data.visible(data.codings)
        seen = set(data.codings["coder_id"].tolist())
        data.coders = {
            cid: name
            for cid, name in data.coders.items()
            if cid in seen or name == visibility.coder
        }
    return data


def coders_who_coded(project: Project) -> list[str]:
    """Every coder with at least one coding, in natural order of names."""
    with project.reading() as connection:
        codings = coding_arrays(connection)
    ids = set(codings.numbers[:, CODING_COLUMNS.index("coder_id")].tolist())
    return sorted((codings.coders[cid] for cid in ids), key=natural_key)


def _read_coder_ids(connection: Connection, names: Sequence[str] | None) -> list[int] | None:
    """The ids of the coders named (None: every coder); a name that is none is an error."""
    if names is None:
        return None
    found = coder_ids(connection, names)
    missing = [name for name in names if name not in found]
    if missing:
        hint = " (run `workbench reconcile` first)" if missing[0] == DEFAULT_CONSENSUS else ""
        raise ProjectError(f"no coder named '{missing[0]}'{hint}")
    return list(found.values())


def _loaded_coders(names: dict[int, str], wanted: list[int] | None) -> dict[int, str]:
    """Names of the coders whose codings were read."""
    return names if wanted is None else {cid: names[cid] for cid in names if cid in wanted}


def _code_rows(index: CodeTree[CodeNode]) -> pd.DataFrame:
    """Every code, with its theme (top-level code) and its place in codebook order."""
    rows = []
    for order, (_depth, code) in enumerate(index.ordered()):
        top = code
        while top.parent_id is not None and top.parent_id in index.by_id:
            top = index.by_id[top.parent_id]
        rows.append(
            (code.id, index.path(code), code.name, index.path(top), top.id, code.status, order)
        )
    columns = ["id", "path", "name", "theme", "theme_id", "status", "order"]
    return pd.DataFrame(rows, columns=columns).set_index("id")


def _read_transcripts(
    connection: Connection, names: dict[int, str]
) -> tuple[pd.DataFrame, list[str]]:
    """The transcripts (`names` by id) in natural order of names, with their attributes."""
    attribute_names = attribute_names_by_first_import(connection)
    frame = pd.DataFrame({"name": pd.Series(names, dtype=object)})
    frame.index.name = "transcript_id"
    for name in attribute_names:
        frame[name] = ""
    for tid, name, value in attribute_values(connection):
        frame.at[tid, name] = value
    order = sorted(frame.index, key=lambda tid: natural_key(names[tid]))
    return frame.loc[order], attribute_names
