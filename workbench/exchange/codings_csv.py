"""Codings as CSV: `transcript,coder,code,start,end[,memo,text]`, imported all-or-nothing."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from workbench.coding.status import mark_in_progress
from workbench.errors import CodingError, WorkbenchError
from workbench.store import models as m
from workbench.store.codeindex import CodeIndex
from workbench.store.project import Project, coder_by_name
from workbench.text.csvfile import read_rows
from workbench.text.normalise import normalise

REQUIRED = ("transcript", "coder", "code", "start", "end")
EXPORT_COLUMNS = (*REQUIRED, "memo", "text", "speaker", "utterance")


@dataclass(frozen=True)
class CodingsImport:
    codings: int
    coders_created: list[str]


def import_codings(project: Project, path: Path) -> CodingsImport:
    """Validate every row, then insert them all in one transaction (or nothing)."""
    source = str(path)
    _header, rows = read_rows(path, REQUIRED, CodingError)
    with project.session() as session:
        index = CodeIndex(session)
        texts = {t.name: (t.id, t.text) for t in session.scalars(select(m.Transcript))}
        coders = {c.name: c for c in session.scalars(select(m.Coder))}
        existing: set[tuple[int, int, int, int, int]] = set(
            session.execute(
                select(
                    m.Coding.transcript_id,
                    m.Coding.code_id,
                    m.Coding.coder_id,
                    m.Coding.start,
                    m.Coding.end,
                )
            ).all()
        )
        resolved: dict[str, m.Code] = {}
        created: list[str] = []
        added = 0
        touched: set[tuple[int, int]] = set()
        for line, row in rows:

            def fail(message: str, line: int = line) -> CodingError:
                return CodingError(message, source=source, line=line)

            name = row["transcript"].strip()
            if name not in texts:
                raise fail(f"no transcript named '{name}'")
            transcript_id, text = texts[name]
            coder_name = row["coder"].strip()
            if not coder_name:
                raise fail("empty coder")
            try:
                code = resolved.get(row["code"]) or resolved.setdefault(
                    row["code"], index.resolve(row["code"])
                )
            except WorkbenchError as error:
                raise fail(error.message) from error
            if code.status == "merged":
                target = index.by_id[code.merged_into_id] if code.merged_into_id else None
                into = index.path(target) if target else "another code"
                raise fail(f"code '{index.path(code)}' was merged into '{into}'")
            numbers = [row["start"].strip(), row["end"].strip()]
            if not all(n.isascii() and n.isdigit() for n in numbers):  # not "1_0", "+5", "1e3"
                raise fail(
                    f"start and end must be whole numbers, not '{row['start']}', '{row['end']}'"
                )
            start, end = int(numbers[0]), int(numbers[1])
            if not 0 <= start < end <= len(text):
                raise fail(
                    f"offsets [{start}, {end}) outside the text of '{name}' "
                    f"(0..{len(text)}) or empty"
                )
            given = row.get("text")
            if given is not None and given != "" and normalise(given) != text[start:end]:
                raise fail(
                    f"offset drift: text does not match [{start}, {end}) of '{name}' "
                    f"(found {text[start:end][:40]!r})"
                )
            if coder_name not in coders:
                coders[coder_name] = coder_by_name(session, coder_name, create=True)
                created.append(coder_name)
            coder = coders[coder_name]
            key = (transcript_id, code.id, coder.id, start, end)
            if key in existing:
                raise fail("duplicate coding (same transcript, coder, code and span)")
            existing.add(key)
            session.add(
                m.Coding(
                    transcript_id=transcript_id,
                    code_id=code.id,
                    coder_id=coder.id,
                    start=start,
                    end=end,
                    memo=row.get("memo") or "",  # as written: an export gives it back
                )
            )
            touched.add((transcript_id, coder.id))
            added += 1
        for transcript_id, coder_id in touched:
            mark_in_progress(session, transcript_id, coder_id)
        project.log(
            session,
            "codings.import",
            path.name,
            json.dumps({"codings": added, "coders_created": created}),
        )
    return CodingsImport(added, created)


def export_codings(project: Project, coder: str | None = None) -> str:
    """Every coding (or one coder's) as CSV, code as full path, with text and speaker."""
    if coder is not None:
        with project.session() as session:
            coder_by_name(session, coder)  # an unknown coder is an error, not an empty file
    codings = project.codings(coders=None if coder is None else [coder])
    docs = project.documents(c.transcript for c in codings)
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for c in sorted(codings, key=lambda c: (c.transcript, c.coder, c.start, c.end, c.code)):
        doc = docs[c.transcript]
        utterance = doc.utterance_at(c.start)
        writer.writerow(
            (
                c.transcript,
                c.coder,
                c.code,
                c.start,
                c.end,
                c.memo,
                doc.text[c.start : c.end],
                (utterance.speaker or "") if utterance else "",
                utterance.seq if utterance else "",
            )
        )
    return stream.getvalue()
