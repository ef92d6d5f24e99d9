"""Read a QDA-XML `Codes` element into a code tree, as tools really write it.

Hierarchy comes either from nested `Code` elements or, in a flat codebook, from names with
`::` (ATLAS.ti 8 writes "Coke::diet Coke", sometimes before "Coke" itself, and sometimes
with no "Coke" at all: then a non-codable folder is made for it). A code whose name has
`::` in a codebook that also nests codes keeps its name.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from workbench.exchange.refi.elements import child_text, children, guid_of, note_refs
from workbench.exchange.refi.findings import Findings
from workbench.exchange.refi.model import RETIRED_MARK, RefiCode, derived_guid

_COLOUR = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")

Path = tuple[str, ...]


class CodeReader:
    """Reads codes once; remembers which notes are attached to which code."""

    def __init__(self, findings: Findings) -> None:
        self.findings = findings
        self.code_notes: list[tuple[str, str]] = []  # (note GUID, code GUID)
        self._seen: set[str] = set()

    def read(self, codes_element: Any) -> tuple[RefiCode, ...]:
        elements = list(children(codes_element, "Code"))
        codes = [code for element in elements if (code := self._code(element)) is not None]
        nested = any(code.children for code in codes)
        if nested or not any("::" in code.name for code in codes):
            return tuple(codes)
        return self._tree_from_names(codes)

    def _code(self, element: Any) -> RefiCode | None:
        name = element.get("name") or ""
        guid = guid_of(element)
        if guid is None:
            guid = derived_guid("code", name, element.get("guid") or "")
            self.findings.assume(
                f"code {name!r}: its GUID {element.get('guid')!r} is not a GUID; a new one was made"
            )
        if guid in self._seen:
            self.findings.skip("code with a repeated GUID", "codes with a repeated GUID", name)
            return None
        self._seen.add(guid)
        if not name:
            name = f"unnamed code {guid[:8]}"
            self.findings.assume(f"a code without a name was named {name!r}")
        self.code_notes += [(note, guid) for note in note_refs(element)]
        description = child_text(element, "Description")
        retired = description.startswith(RETIRED_MARK)
        if retired:
            description = description[len(RETIRED_MARK) :]
            description = description[1:] if description[:1] in (" ", "\n") else description
        kids = tuple(code for kid in children(element, "Code") if (code := self._code(kid)))
        return RefiCode(
            guid=guid,
            name=name,
            children=kids,
            colour=self._colour(element.get("color"), name),
            description=description,
            is_codable=(element.get("isCodable") or "true").strip() not in ("false", "0"),
            retired=retired,
        )

    def _colour(self, value: str | None, name: str) -> str | None:
        if not value:
            return None
        match = _COLOUR.fullmatch(value.strip())
        if match is None:
            self.findings.assume(f"code {name!r}: colour {value!r} is not '#rrggbb'; left out")
            return None
        digits = match.group(1).lower()
        return "#" + (digits if len(digits) == 6 else "".join(d * 2 for d in digits))

    def _tree_from_names(self, codes: list[RefiCode]) -> tuple[RefiCode, ...]:
        by_path: dict[Path, RefiCode] = {}
        top: list[Path] = []
        below: dict[Path, list[Path]] = {}
        placed: set[Path] = set()

        def place(path: Path) -> None:
            if path in placed:
                return
            placed.add(path)
            if len(path) == 1:
                top.append(path)
            else:
                place(path[:-1])
                below.setdefault(path[:-1], []).append(path)

        for code in codes:
            parts = tuple(part.strip() for part in code.name.split("::"))
            path = parts if all(parts) else (code.name,)
            if path in by_path:  # two codes with the same full name: keep both, side by side
                path = (*path[:-1], f"{path[-1]} ({code.guid[:8]})")
            by_path[path] = code
            place(path)
        made = [path for path in placed if path not in by_path]
        if made:
            names = ", ".join(sorted("::".join(path) for path in made))
            self.findings.assume(
                f"code names with '::' read as a hierarchy; folders made for {names}"
            )

        def build(path: Path) -> RefiCode:
            code = by_path.get(path) or RefiCode(
                guid=derived_guid("folder", *path), name=path[-1], is_codable=False
            )
            kids = tuple(build(kid) for kid in below.get(path, []))
            return replace(code, name=path[-1], children=kids)

        return tuple(build(path) for path in top)
