"""The agreement tables both front ends show: columns, rows of formatted cells, and notes.

The CLI prints them and the TUI puts them in DataTables; which coefficients a table has, what
the columns are called and how each figure is rounded is decided here, once. Columns by
number of coders and unit: two coders get Cohen's kappa; three or more get Fleiss' kappa in
the main table and Cohen's kappa per coder pair in a second one; the span unit has only
Krippendorff's unitizing alpha (u-alpha per code, |u-alpha pooled, and u-alpha and cu-alpha
across codes below the table).

The CSV is one more rendering of the same figures (`csv_table`): every coefficient column
whatever the unit, raw values, each row's notes in a column, and NVivo's per-transcript rows
under the project's with their transcript named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from workbench.agreement.coefficients import Coefficient
from workbench.agreement.missing import MISSING
from workbench.agreement.report import (
    LOW_PREVALENCE,
    POOLED,
    AgreementReport,
    CodeAgreement,
    TranscriptAgreement,
)

Align = Literal["left", "right"]
WARNED = "!"  # the note column of a row whose prevalence makes kappa and alpha misleading
PAIRWISE_TITLE = "Cohen's kappa per coder pair"
BY_TRANSCRIPT_TITLE = "per code and transcript (NVivo's coding comparison)"
PREVALENCE_WARNING = (
    f"{WARNED} prevalence under {LOW_PREVALENCE:.0%} (or over {1 - LOW_PREVALENCE:.0%}): "
    "kappa and alpha can be low despite high agreement (the kappa paradox); AC1 is less affected."
)


@dataclass(frozen=True)
class Column:
    key: str  # unique in its table: a front end can address the column by it
    header: str
    align: Align = "right"


@dataclass(frozen=True)
class Row:
    """One code (or the pooled row): its key and depth in the codebook tree, and its cells."""

    key: str  # the code's path, or POOLED
    depth: int  # how far a tree view indents the code's own name under its parents'
    cells: tuple[str, ...]  # one text per column; the first is the code's path

    @property
    def name(self) -> str:
        """The code's own name, without its parents' (the pooled row's label as it is)."""
        return self.key if self.key == POOLED else self.key.rsplit("/", 1)[-1]

    @property
    def tree_label(self) -> str:
        """The name indented under its parents', as the codebook tree shows it."""
        return "  " * self.depth + self.name


@dataclass(frozen=True)
class Table:
    title: str  # empty for the main table
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    warning: str = ""  # PREVALENCE_WARNING when a row is marked WARNED
    notes: tuple[str, ...] = ()  # why figures are undefined or qualified, and for which rows

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


@dataclass(frozen=True)
class AgreementTables:
    main: Table
    pairwise: Table | None = None  # three or more coders
    by_transcript: Table | None = None  # character unit, when asked for


@dataclass(frozen=True)
class Figure:
    """A coefficient column: where its value is in a row, and how it is rounded."""

    column: Column
    pick: Callable[[CodeAgreement], Coefficient]
    digits: int = 3


AGREE = Figure(Column("percent_agreement", "agree %"), lambda row: row.percent_agreement, 1)
KAPPA = Figure(Column("cohen_kappa", "kappa"), lambda row: row.cohen_kappa)
ALPHA = Figure(Column("krippendorff_alpha", "alpha"), lambda row: row.krippendorff_alpha)
FLEISS = Figure(Column("fleiss_kappa", "Fleiss"), lambda row: row.fleiss_kappa)
AC1 = Figure(Column("gwet_ac1", "AC1"), lambda row: row.gwet_ac1)
# At span unit the report's alpha is u-alpha per code and |u-alpha pooled (see its pooling).
U_ALPHA = Figure(Column("u_alpha", "u-alpha"), lambda row: row.krippendorff_alpha)


CSV_FIGURES = (AGREE, KAPPA, ALPHA, FLEISS, AC1)  # every CSV has these columns, empty if undefined


def figures(coders: int, unit: str) -> tuple[Figure, ...]:
    """The coefficient columns of the main table, for this many coders at this unit."""
    if unit == "span":
        return (U_ALPHA,)
    return (AGREE, *((ALPHA, FLEISS) if coders > 2 else (KAPPA, ALPHA)), AC1)


def agreement_tables(report: AgreementReport) -> AgreementTables:
    """The main table, the pairwise table for three or more coders, and NVivo's figures."""
    many = len(report.coders) > 2
    return AgreementTables(
        main=main_table(report),
        pairwise=pairwise_table(report) if many else None,
        by_transcript=by_transcript_table(report) if report.by_transcript else None,
    )


def _depth(code: str) -> int:
    return 0 if code == POOLED else code.count("/")


def _group(notes: dict[str, list[str]]) -> tuple[str, ...]:
    """'- note: where, where' lines, one per distinct note, in the order first met."""
    return tuple(f"- {note}: {', '.join(places)}" for note, places in notes.items())


def main_table(report: AgreementReport) -> Table:
    """Per code, then pooled: units, each coder's share, the unit's coefficients, a mark."""
    shown = figures(len(report.coders), report.unit)
    share = "coverage" if report.unit in ("span", "character") else "coded"
    columns = (
        Column("code", "code", "left"),
        Column("units", "units"),
        *(Column(f"prevalence:{coder}", f"{coder} {share}") for coder in report.coders),
        *(figure.column for figure in shown),
        Column("warning", ""),
    )
    rows = []
    notes: dict[str, list[str]] = {}
    for row in (*report.rows, report.pooled):
        cells = [row.code, str(row.units)]
        cells += [f"{100 * row.prevalence[coder]:.1f}%" for coder in report.coders]
        cells += [figure.pick(row).format(figure.digits) for figure in shown]
        rows.append(Row(row.code, _depth(row.code), (*cells, WARNED if row.warnings else "")))
        for figure in shown:
            if note := figure.pick(row).note:
                notes.setdefault(f"{figure.column.header}: {note}", []).append(row.code)
    warned = any(row.warnings for row in (*report.rows, report.pooled))
    return Table(
        title="",
        columns=columns,
        rows=tuple(rows),
        warning=PREVALENCE_WARNING if warned else "",
        notes=_missing(report) + _group(notes) + _across_codes(report),
    )


LISTED = 8  # transcripts named per coder in the missing-data note


def _missing(report: AgreementReport) -> tuple[str, ...]:
    """The missing-data note as a line under the main table."""
    text = missing_note(report)
    return (f"- {text}",) if text else ()


def missing_note(report: AgreementReport) -> str:
    """Which transcripts count as missing for which coder, and what that means; "" if none."""
    if not report.missing:
        return ""

    def listed(names: tuple[str, ...]) -> str:
        more = f" and {len(names) - LISTED} more" if len(names) > LISTED else ""
        return ", ".join(names[:LISTED]) + more

    who = "; ".join(f"{coder} in {listed(names)}" for coder, names in report.missing.items())
    return f"missing ({MISSING}): {who}: {report.missing_rule}"


def _across_codes(report: AgreementReport) -> tuple[str, ...]:
    """Span unit: u-alpha and cu-alpha with the codes as values of one variable."""
    if not report.across_codes:
        return ()
    across = {name.replace("_", "-"): value for name, value in report.across_codes.items()}
    values = list(across.values())
    if len({value.note for value in values}) == 1 and not any(value.defined for value in values):
        return (f"across codes, {' and '.join(across)}: {values[0].note}",)
    return tuple(
        f"across codes, {label}: {value.format() if value.defined else value.note}"
        for label, value in across.items()
    )


def pairwise_table(report: AgreementReport) -> Table:
    """Cohen's kappa of each coder pair, per code and pooled (three or more coders)."""
    pairs = [f"{p.coder_a}-{p.coder_b}" for p in report.pooled.pairwise_kappa]
    rows = []
    notes: dict[str, list[str]] = {}
    for row in (*report.rows, report.pooled):
        kappas = tuple(pair.kappa.format() for pair in row.pairwise_kappa)
        rows.append(Row(row.code, _depth(row.code), (row.code, *kappas)))
        for pair in row.pairwise_kappa:
            if pair.kappa.note:
                where = f"{row.code} ({pair.coder_a}-{pair.coder_b})"
                notes.setdefault(f"kappa: {pair.kappa.note}", []).append(where)
    return Table(
        title=PAIRWISE_TITLE,
        columns=(Column("code", "code", "left"), *(Column(pair, pair) for pair in pairs)),
        rows=tuple(rows),
        notes=_group(notes),
    )


def by_transcript_table(report: AgreementReport) -> Table:
    """NVivo's coding comparison: each code in each transcript, per coder pair."""
    many = len(report.coders) > 2
    columns = (
        Column("code", "code", "left"),
        Column("transcript", "transcript", "left"),
        *([Column("coders", "coders", "left")] if many else []),
        Column("characters", "characters"),
        Column("percent_agreement", "agree %"),
        Column("cohen_kappa", "kappa"),
    )

    def cells(item: TranscriptAgreement) -> tuple[str, ...]:
        pair = [f"{item.coder_a}-{item.coder_b}"] if many else []
        return (
            item.code,
            item.transcript,
            *pair,
            str(item.characters),
            item.percent_agreement.format(1),
            item.cohen_kappa.format(),
        )

    rows = tuple(Row(item.code, _depth(item.code), cells(item)) for item in report.by_transcript)
    return Table(title=BY_TRANSCRIPT_TITLE, columns=columns, rows=rows)


def _raw(coefficient: Coefficient) -> str:
    """A CSV cell: empty where the coefficient is undefined (its note says why)."""
    return "" if coefficient.value is None else coefficient.format(6)


def _row_notes(report: AgreementReport, row: CodeAgreement) -> list[str]:
    """What the screen says about this row under its tables, as `figure: note` texts."""
    notes = [
        f"{figure.column.header}: {figure.pick(row).note}"
        for figure in figures(len(report.coders), report.unit)
        if figure.pick(row).note
    ]
    notes += [
        f"kappa {pair.coder_a}-{pair.coder_b}: {pair.kappa.note}"
        for pair in row.pairwise_kappa
        if pair.kappa.note
    ]
    if row.code == POOLED:
        notes += [*_across_codes(report), *filter(None, [report.outside_note])]
        notes += filter(None, [missing_note(report)])
    return [*notes, *row.warnings]


def csv_table(report: AgreementReport, long: bool = False) -> Table:
    """Every figure of the report, one row per code (pooled last), then per transcript.

    Wide: `prevalence_C` (percent of units, or of characters, that coder C coded) and
    `cohen_kappa_A-B` per coder pair (three or more coders) as columns. Long: one row per
    figure, with `coders` naming whom it describes (one coder for prevalence, a pair for
    pairwise kappa). Percentages are 0-100. `pooling` says how the pooled row is made.
    """
    pairs = [(p.coder_a, p.coder_b) for p in report.pooled.pairwise_kappa]
    everyone = ",".join(report.coders)
    common = ("code", "transcript", "unit", "coders", "transcripts", "units")
    if long:
        keys: tuple[str, ...] = (*common, "figure", "value", "note", "pooling")
    else:
        keys = (
            *common,
            *(f"prevalence_{coder}" for coder in report.coders),
            *(figure.column.key for figure in CSV_FIGURES),
            *(f"cohen_kappa_{a}-{b}" for a, b in pairs),
            "note",
            "pooling",
        )
    rows: list[Row] = []

    def add(code: str, cells: dict[str, str]) -> None:
        rows.append(Row(code, _depth(code), tuple(cells.get(key, "") for key in keys)))

    for row in (*report.rows, report.pooled):
        head = {"code": row.code, "unit": report.unit, "coders": everyone}
        head |= {"transcripts": str(len(report.transcripts)), "units": str(row.units)}
        pooling = report.pooling if row.code == POOLED else ""
        shares = {coder: f"{100 * row.prevalence[coder]:.6f}" for coder in report.coders}
        kappas = {f"{p.coder_a}-{p.coder_b}": _raw(p.kappa) for p in row.pairwise_kappa}
        notes = _row_notes(report, row)
        if not long:
            cells = {f"prevalence_{coder}": share for coder, share in shares.items()}
            cells |= {f.column.key: _raw(f.pick(row)) for f in CSV_FIGURES}
            cells |= {f"cohen_kappa_{pair}": kappa for pair, kappa in kappas.items()}
            add(row.code, head | cells | {"note": "; ".join(notes), "pooling": pooling})
            continue
        for coder, share in shares.items():
            add(row.code, head | {"coders": coder, "figure": "prevalence", "value": share})
        for figure in figures(len(report.coders), report.unit):
            value = figure.pick(row)
            cells = {"figure": figure.column.key, "value": _raw(value), "note": value.note}
            add(row.code, head | cells | {"pooling": pooling})
        for pair in row.pairwise_kappa:
            cells = {"coders": f"{pair.coder_a},{pair.coder_b}", "figure": "cohen_kappa"}
            add(row.code, head | cells | {"value": _raw(pair.kappa), "note": pair.kappa.note})
        for warning in row.warnings:
            add(row.code, head | {"figure": "warning", "note": warning})
    for item in report.by_transcript:
        head = {"code": item.code, "transcript": item.transcript, "unit": report.unit}
        head |= {"coders": f"{item.coder_a},{item.coder_b}", "transcripts": "1"}
        head["units"] = str(item.characters)
        values = {"percent_agreement": item.percent_agreement, "cohen_kappa": item.cohen_kappa}
        if not long:
            notes = [f"{key}: {value.note}" for key, value in values.items() if value.note]
            add(
                item.code,
                head | {k: _raw(v) for k, v in values.items()} | {"note": "; ".join(notes)},
            )
            continue
        for key, value in values.items():
            add(item.code, head | {"figure": key, "value": _raw(value), "note": value.note})
    columns = tuple(Column(key, key, "left") for key in keys)
    return Table(title="", columns=columns, rows=tuple(rows))
