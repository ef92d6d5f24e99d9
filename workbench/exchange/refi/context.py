"""State shared while reading one project: users, notes, case variables, archive members."""

from __future__ import annotations

from typing import Any, NamedTuple

from workbench.exchange.refi.archive import Archive, member_candidates
from workbench.exchange.refi.elements import child, children, guid_of, local
from workbench.exchange.refi.findings import Findings
from workbench.exchange.refi.model import RefiUser, derived_guid, normalise_guid
from workbench.text.words import counted


class RawNote(NamedTuple):
    name: str
    text: str
    user_guid: str | None


class ReadContext:
    def __init__(self, archive: Archive | None, origin: str, findings: Findings) -> None:
        self.archive = archive
        self.findings = findings
        self.users: dict[str, RefiUser] = {}
        self.code_guids: set[str] = set()
        self.notes: dict[str, RawNote] = {}
        self.taken_notes: set[str] = set()
        self.variable_names: dict[str, str] = {}
        self.case_variables: dict[str, dict[str, str]] = {}
        self._fallback_name = origin_user_name(origin)
        self._unattributed = 0
        self._unknown_users: list[str] = []

    def member(self, reference: str) -> bytes | None:
        """The bytes of the archive member a source path names, or None if it is not there."""
        if self.archive is None:
            return None
        for candidate in member_candidates(reference):
            name = self.archive.find(candidate)
            if name is not None:
                return self.archive.read(name)
        return None

    def take_note(self, guid: str) -> str:
        """A note's text, folded into the memo of whatever refers to it (so not listed again)."""
        note = self.notes.get(guid)
        if note is None:
            self.findings.skip("reference to a missing note", "references to missing notes", guid)
            return ""
        self.taken_notes.add(guid)
        return note.text

    def user_for(self, value: str | None) -> str:
        """The user GUID for a `creatingUser` value; codings without one go to a user named
        after the exporting software, and unknown GUIDs get a user of their own."""
        guid = normalise_guid(value) if value else None
        if guid is None:
            self._unattributed += 1
            existing = [u for u in self.users.values() if u.name == self._fallback_name]
            if existing:
                return existing[0].guid
            guid = derived_guid("user", self._fallback_name)
            self.users[guid] = RefiUser(guid, self._fallback_name)
            return guid
        if guid not in self.users:
            self.users[guid] = RefiUser(guid, f"user {guid[:8]}")
            self._unknown_users.append(guid)
        return guid

    def variables_of(self, source: Any, guid: str) -> dict[str, str]:
        """Variable values of a source: its own `VariableValue`s, then those of its cases."""
        values = dict(self.case_variables.get(guid, {}))
        values.update(self.variable_values(source))
        return values

    def variable_values(self, element: Any) -> dict[str, str]:
        values = {}
        for variable_value in children(element, "VariableValue"):
            reference = child(variable_value, "VariableRef")
            target = guid_of(reference, "targetGUID") if reference is not None else None
            name = self.variable_names.get(target or "")
            if name is None:
                self.findings.skip(
                    "value of an unknown variable", "values of unknown variables", target or "?"
                )
                continue
            value = next((v for v in variable_value if local(v) != "VariableRef"), None)
            values[name] = str(value.text or "").strip() if value is not None else ""
        return values

    def read_cases(self, cases: Any) -> None:
        """Give each source its cases' variable values (a case may hold several sources)."""
        for case in children(cases, "Case"):
            values = self.variable_values(case)
            sources = [
                g for ref in children(case, "SourceRef") if (g := guid_of(ref, "targetGUID"))
            ]
            if not sources:
                self.findings.skip(
                    "case without sources",
                    "cases without sources",
                    case.get("name") or case.get("guid") or "?",
                )
            for source in sources:
                merged = self.case_variables.setdefault(source, {})
                for name, value in values.items():
                    if merged.get(name, value) != value:
                        self.findings.assume(
                            f"source {source} is in cases with different values"
                            f" of {name!r}; kept {merged[name]!r}"
                        )
                    merged.setdefault(name, value)

    def finish(self) -> None:
        if self._unattributed:
            self.findings.assume(
                f"{counted(self._unattributed, 'coding')} had no creating user;"
                f" attributed to a user named {self._fallback_name!r}"
            )
        if self._unknown_users:
            names = ", ".join(self.users[guid].name for guid in self._unknown_users)
            self.findings.assume(f"codings by users missing from the user list: named {names}")


def origin_user_name(origin: str) -> str:
    """'NVivo 14.23 (Windows)' -> 'NVivo'; 'ATLAS.ti 8.4.0 573 , macOS' -> 'ATLAS.ti'."""
    words = []
    for word in origin.split():
        if word[0].isdigit() or word[0] in "(,-;":
            break
        words.append(word)
    return " ".join(words) or "imported"
