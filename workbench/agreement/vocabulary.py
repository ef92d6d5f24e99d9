"""Names the agreement core and both front ends share: units of comparison, the consensus coder.

Kept free of heavy imports, so the CLI can offer the units as choices without loading
numpy or SQLAlchemy for `--help`.
"""

from __future__ import annotations

from workbench.errors import WorkbenchError

UNIT_KINDS = ("utterance", "sentence", "character", "span")
DEFAULT_CONSENSUS = "consensus"  # the coder who receives settled and agreed codings


def check_unit(unit: str) -> None:
    """A one-line error for a unit of comparison that is not one of UNIT_KINDS."""
    if unit not in UNIT_KINDS:
        raise WorkbenchError(f"unit must be one of {', '.join(UNIT_KINDS)}, not '{unit}'")
