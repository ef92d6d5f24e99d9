"""An archive's fields besides its texts (names, attributes, memos, codes, log) through the gate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from workbench.anonymise.gate import FieldScreen, Finding
from workbench.anonymise.phones import DEFAULT_REGIONS
from workbench.anonymise.pseudonyms import PseudonymTable
from workbench.domain import ProjectSnapshot, SnapshotCode


def screen_fields(
    snapshot: ProjectSnapshot,
    table: PseudonymTable | None,
    origin: str,
    known: set[str],
    regions: Sequence[str] = DEFAULT_REGIONS,
) -> tuple[ProjectSnapshot, list[Finding]]:
    """The snapshot with the attribute values and source names of new transcripts, memos,
    coder names, codes' names and texts and the audit log's entries through the gate: with a
    table, the table's names and detected identifiers replaced; without one, findings (for
    the caller to refuse or let in)."""
    fields = FieldScreen(table, regions)

    def where(what: str) -> str:
        return f"{origin} ({what})"

    coders = {name: fields.label(name, where("coder name")) for name in snapshot.coders}
    transcripts = tuple(
        t
        if t.sha256 in known
        else replace(
            t,
            source_name=fields.label(t.source_name, where(f"name of source '{t.name}'"), 1),
            attributes={
                k: fields.text(v, where(f"attribute {k} of '{t.name}'"))
                for k, v in t.attributes.items()
            },
        )
        for t in snapshot.transcripts
    )
    memos = tuple(
        replace(
            m,
            coder=coders.get(m.coder, m.coder) if m.coder else m.coder,
            text=fields.text(m.text, where(f"memo on {m.transcript or 'a code or the project'}")),
        )
        for m in snapshot.memos
    )
    codings = tuple(
        replace(
            c,
            coder=coders.get(c.coder, c.coder),
            memo=fields.text(c.memo, where(f"memo on a coding in {c.transcript}")),
        )
        for c in snapshot.codings
    )
    events = tuple(
        replace(
            e,
            target=fields.text(e.target, where("audit log")),
            detail=fields.text(e.detail, where("audit log")),
            why=fields.text(e.why, where("audit log")),
        )
        for e in snapshot.events
    )
    screened = replace(
        snapshot,
        coders=tuple(coders.values()),
        transcripts=transcripts,
        memos=memos,
        codings=codings,
        codes=tuple(_code(c, fields, where(f"code '{c.name}'")) for c in snapshot.codes),
        statuses={(t, coders.get(c, c)): s for (t, c), s in snapshot.statuses.items()},
        events=events,
    )
    return screened, fields.findings


def _code(code: SnapshotCode, fields: FieldScreen, where: str) -> SnapshotCode:
    return replace(
        code,
        name=fields.text(code.name, where),
        description=fields.text(code.description, where),
        include=fields.text(code.include, where),
        exclude=fields.text(code.exclude, where),
        example=fields.text(code.example, where),
    )
