"""Speaker turns of a text that must be kept exactly as it is (one from another tool)."""

from __future__ import annotations

from workbench.domain import UtteranceInfo
from workbench.errors import IngestError
from workbench.ingest import parse_bytes
from workbench.ingest.layout import lay_out


def utterances_of(text: str, source: str) -> tuple[UtteranceInfo, ...]:
    """The plain-text parser's turns when it keeps `text` as it is (labelled turns); else the
    whole text as one utterance without a speaker (offsets must index `text` as it is)."""
    try:
        laid_out, utterances = lay_out(parse_bytes(text.encode("utf-8"), source, ".txt"))
    except IngestError:
        laid_out, utterances = None, []
    if laid_out == text:
        return tuple(utterances)
    return (UtteranceInfo(1, None, 0, len(text)),) if text else ()
