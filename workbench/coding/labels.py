"""The words a user reads for a status: a coder's progress on a transcript, a code's state."""

from __future__ import annotations

from workbench.domain import CodeInfo

TRANSCRIPT_STATUS_LABELS = {
    "not_started": "not started",
    "in_progress": "in progress",
    "done": "done",
}


def transcript_status_label(status: str) -> str:
    """`in_progress` -> `in progress`: how a coder's status on a transcript is shown."""
    return TRANSCRIPT_STATUS_LABELS[status]


def code_status_label(code: CodeInfo, with_target: bool = True) -> str:
    """ "" for an active code, else `retired` or `merged` (`merged into X` with its target):
    codes that can no longer be applied say so wherever they are listed."""
    if code.status == "active":
        return ""
    if code.status == "merged" and with_target and code.merged_into:
        return f"merged into {code.merged_into}"
    return code.status
