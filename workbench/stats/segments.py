"""Coded segments of a code (and the codes below it) with text, speaker and attributes."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

import pandas as pd

from workbench.ingest.layout import timestamp
from workbench.stats.data import StudyData, natural_rank
from workbench.store.corpus_rows import (
    CODING_COLUMNS,
    coding_arrays,
    read_utterances,
    transcript_texts,
)

FIXED_COLUMNS = ("code", "transcript", "speaker", "time", "coder", "start", "end", "memo", "text")


def segments(data: StudyData, code: str | None, by: Sequence[str] = ()) -> pd.DataFrame:
    """One row per coding of `code` or a code below it (of every code when None), for the
    loaded coders.

    Columns: `code,transcript,<attributes...>,speaker,time,coder,start,end,memo,text`
    (`time`: when the utterance where the segment starts begins in the recording, as
    hh:mm:ss, for transcripts with timestamps such as subtitles; else empty); rows
    sorted by the `by` attributes' values, then transcript, start, end, code, coder.
    """
    by = data.check_attributes(by)
    data.check_attribute_columns(FIXED_COLUMNS)
    codings = _codings(data, None if code is None else data.subtree(code))
    details = _texts_and_speakers(data, codings)
    frame = pd.DataFrame(
        {
            "code": codings["code_id"].map(data.codes["path"]).to_numpy(),
            "transcript": codings["transcript_id"].map(data.transcripts["name"]).to_numpy(),
            "speaker": details["speaker"],
            "time": details["time"],
            "coder": codings["coder_id"].map(data.coders).to_numpy(),
            "start": codings["start"].to_numpy(),
            "end": codings["end"].to_numpy(),
            "memo": codings["memo"].to_numpy(),
            "text": details["text"],
            "_order": codings["code_id"].map(data.codes["order"]).to_numpy(),
        }
    )
    for name in reversed(data.attribute_names):
        values = codings["transcript_id"].map(data.transcripts[name]).to_numpy()
        frame.insert(2, name, values)
    keys = [*by, "transcript", "start", "end", "_order", "coder"]
    ranked = {key: natural_rank(frame[key]) for key in [*by, "transcript", "coder"]}
    frame = frame.assign(**{f"_{key}": rank for key, rank in ranked.items()})
    frame = frame.sort_values([f"_{k}" if k in ranked else k for k in keys], kind="stable")
    columns = ["code", "transcript", *data.attribute_names, *FIXED_COLUMNS[2:]]
    return frame[columns].reset_index(drop=True)


def _codings(data: StudyData, code_ids: list[int] | None) -> pd.DataFrame:
    """The loaded coders' codings (of `code_ids`, if given) with their memos."""
    with data.project.reading() as connection:
        codings = coding_arrays(
            connection, coder_ids=list(data.coders), code_ids=code_ids, memos=True
        )
    frame = pd.DataFrame(codings.numbers, columns=CODING_COLUMNS)
    frame["memo"] = list(codings.memos or ())
    return data.visible(frame)


def _texts_and_speakers(data: StudyData, codings: pd.DataFrame) -> dict[str, list[str]]:
    """The coded text, and the speaker and timestamp of the utterance where each coding
    starts."""
    transcript_ids = sorted(set(codings["transcript_id"].tolist()))
    with data.project.reading() as connection:
        texts = transcript_texts(connection, transcript_ids)
        turns = read_utterances(connection, transcript_ids)
    by_transcript: dict[int, list[tuple[int, int, str, str]]] = {}
    for (tid, _seq, start, end), speaker, seconds in zip(
        turns.numbers.tolist(), turns.speakers, turns.start_seconds, strict=True
    ):
        time = "" if seconds is None else timestamp(seconds)
        by_transcript.setdefault(tid, []).append((start, end, speaker, time))
    starts = {tid: [turn[0] for turn in items] for tid, items in by_transcript.items()}
    out: dict[str, list[str]] = {"speaker": [], "time": [], "text": []}
    for tid, start, end in codings[["transcript_id", "start", "end"]].itertuples(index=False):
        out["text"].append(texts[tid][start:end])
        turn = _turn_at(starts.get(tid, []), by_transcript.get(tid, []), start)
        out["speaker"].append(turn[2] if turn else "")
        out["time"].append(turn[3] if turn else "")
    return out


def _turn_at(
    starts: list[int], turns: list[tuple[int, int, str, str]], offset: int
) -> tuple[int, int, str, str] | None:
    index = bisect_right(starts, offset) - 1
    if index >= 0 and offset < turns[index][1]:
        return turns[index]
    return None


def segments_markdown(
    frame: pd.DataFrame, title: str, by: Sequence[str] = (), counted: str = ""
) -> str:
    """The segments as Markdown: a heading per `by` value, then each passage as a quote.

    The passage is quoted as stored (no Markdown escaping), so it can be pasted verbatim.
    `counted` says whose coding the passages are (StudyData.counted).
    """
    lines = [f"# {title}", ""]
    if counted:
        lines += [f"Coding counted: {counted}", ""]
    heading: tuple[str, ...] | None = None
    attributes = [c for c in frame.columns if c not in FIXED_COLUMNS]
    for row in frame.to_dict("records"):
        values = tuple(str(row[name]) for name in by)
        if by and values != heading:
            heading = values
            label = "; ".join(
                f"{name}: {value or '(none)'}" for name, value in zip(by, values, strict=True)
            )
            lines += [f"## {label}", ""]
        where = f"**{row['transcript']}** [{row['start']}, {row['end']})"
        if row["time"]:
            where += f" at {row['time']}"
        if row["speaker"]:
            where += f", {row['speaker']}"
        described = "; ".join(f"{name}: {row[name]}" for name in attributes if row[name] != "")
        parts = [
            where,
            str(row["code"]),
            f"coder {row['coder']}",
            *([described] if described else []),
        ]
        lines += [" · ".join(parts), ""]
        lines += [f"> {line}" if line else ">" for line in str(row["text"]).split("\n")]
        lines.append("")
        if row["memo"]:
            lines += [f"*Memo:* {row['memo']}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
