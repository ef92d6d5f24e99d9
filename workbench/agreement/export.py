"""An agreement report as CSV (the issue's columns, one row per code plus pooled) or JSON."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from workbench.agreement.coefficients import Coefficient
from workbench.agreement.report import AgreementReport, CodeAgreement

CSV_COLUMNS = (
    "code",
    "unit",
    "coders",
    "transcripts",
    "units",
    "percent_agreement",
    "cohen_kappa",
    "krippendorff_alpha",
    "fleiss_kappa",
    "gwet_ac1",
)


def _cell(coefficient: Coefficient) -> str:
    """Empty where the coefficient is not defined, as the CSV promises."""
    return "" if coefficient.value is None else f"{coefficient.value:.6f}"


def report_csv(report: AgreementReport) -> str:
    """One row per code and one `(pooled)` row; percent agreement is 0-100.

    Three or more coders leave `cohen_kappa` empty (it compares two) and get a
    `cohen_kappa_A-B` column for each coder pair after the issue's columns.
    """
    pairs = [f"cohen_kappa_{p.coder_a}-{p.coder_b}" for p in report.pooled.pairwise_kappa]
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *pairs])
    row: CodeAgreement
    for row in (*report.rows, report.pooled):
        writer.writerow(
            [
                row.code,
                report.unit,
                ",".join(report.coders),
                len(report.transcripts),
                row.units,
                _cell(row.percent_agreement),
                _cell(row.cohen_kappa),
                _cell(row.krippendorff_alpha),
                _cell(row.fleiss_kappa),
                _cell(row.gwet_ac1),
                *(_cell(pair.kappa) for pair in row.pairwise_kappa),
            ]
        )
    return stream.getvalue()


def report_json(report: AgreementReport) -> dict[str, Any]:
    """The whole report as plain JSON-ready data (coefficients as {value, note})."""
    return asdict(report)
