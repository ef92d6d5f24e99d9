"""Memos out of a project: transcript memos and coding memos, with coder, code and passage."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.store.corpus_rows import transcript_ids, transcript_texts
from workbench.store.document_rows import read_memos
from workbench.store.project import Project
from workbench.text.csvwrite import csv_rows
from workbench.text.order import natural_key

CSV_COLUMNS = ("kind", "transcript", "coder", "code", "start", "end", "passage", "memo")


@dataclass(frozen=True)
class MemoRow:
    """A memo: on a coding (with its span and passage), a transcript, a code or the project."""

    kind: str  # coding, transcript, code or project
    transcript: str
    coder: str
    code: str
    start: int | None
    end: int | None
    passage: str
    memo: str


def memo_rows(project: Project) -> list[MemoRow]:
    """Every non-empty memo, by transcript (natural order): its memos, then its codings' memos
    in text order; code and project memos last."""
    with project.reading() as connection:
        memos, codings = read_memos(connection)
        ids = transcript_ids(connection, {c.transcript for c in codings})
        texts = transcript_texts(connection, ids.values())
    rows = [
        MemoRow(
            "transcript" if m.transcript else "code" if m.code else "project",
            m.transcript or "",
            m.coder or "",
            m.code or "",
            None,
            None,
            "",
            m.text,
        )
        for m in memos
        if m.text.strip()
    ]
    rows += [
        MemoRow(
            "coding",
            c.transcript,
            c.coder,
            c.code,
            c.start,
            c.end,
            texts[ids[c.transcript]][c.start : c.end],
            c.memo,
        )
        for c in codings
        if c.memo.strip()
    ]

    def order(row: MemoRow) -> tuple[object, ...]:
        placed = (0, natural_key(row.transcript)) if row.transcript else (1, [])
        return (*placed, row.kind != "transcript", row.start or 0, row.end or 0, row.coder)

    return sorted(rows, key=order)


def memos_csv(rows: list[MemoRow]) -> str:
    """The memos as CSV, one row each; a memo not on a coding has no span (empty cells)."""
    cells = (
        (r.kind, r.transcript, r.coder, r.code, r.start, r.end, r.passage, r.memo) for r in rows
    )
    return csv_rows([CSV_COLUMNS, *cells])


def memos_markdown(rows: list[MemoRow]) -> str:
    """A heading per transcript; each memo with who wrote it, on which code and passage."""
    lines: list[str] = []
    heading = None
    for row in rows:
        title = row.transcript or ("Codes" if row.kind == "code" else "Project")
        if title != heading:
            lines += [f"## {title}", ""]
            heading = title
        if row.kind == "coding":
            lines.append(f"- **{row.code}** [{row.start}, {row.end}), {row.coder}:")
            lines += [f"  > {line}" for line in row.passage.splitlines() or [""]]
        else:
            about = f" on **{row.code}**" if row.code else ""
            lines.append(f"- {row.kind} memo{about}, {row.coder or 'unknown'}:")
        lines += [f"  {line}" for line in row.memo.splitlines()]
        lines.append("")
    return "\n".join(lines)
