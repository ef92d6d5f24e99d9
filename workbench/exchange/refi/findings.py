"""What reading a REFI-QDA file left out or had to assume, for telling the user."""

from __future__ import annotations

from dataclasses import dataclass, field

LISTED = 10  # names shown per kind; the rest are counted


@dataclass
class Findings:
    """Skipped things grouped by kind (one summary line each) and assumptions made."""

    _skipped: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)

    def skip(self, singular: str, plural: str, item: str) -> None:
        """Record one thing not imported: `skip("PDF source", "PDF sources", "a.pdf")`."""
        self._skipped.setdefault((singular, plural), []).append(item)

    def assume(self, message: str) -> None:
        self.assumptions.append(message)

    def skipped(self) -> tuple[str, ...]:
        """'3 PDF sources not imported: a.pdf, b.pdf, c.pdf', one line per kind."""
        lines = []
        for (singular, plural), items in self._skipped.items():
            shown = ", ".join(items[:LISTED])
            if len(items) > LISTED:
                shown += f", and {len(items) - LISTED:,} more"
            noun = singular if len(items) == 1 else plural
            lines.append(f"{len(items):,} {noun} not imported: {shown}")
        return tuple(lines)
