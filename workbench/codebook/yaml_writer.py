"""Writing a codebook document as YAML in one pass, byte for byte as ruamel.yaml's dumper would."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.emitter import Emitter
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

WIDTH = 4096  # the dumper's line width: long texts are folded before they get here
MAP_INDENT = 2  # a mapping's values and block texts: two columns right of its keys
SEQUENCE_INDENT, DASH_OFFSET = 4, 2  # "  - name: ...": dash 2 columns in, keys 4
_STR_TAG = "tag:yaml.org,2002:str"
# A value that ruamel.yaml certainly writes plain, as is (if it also reads back as a string):
# no indicator first, no ": " or " #", no quote, no edge spaces, nothing outside printable ASCII.
_BREAKS = "\n\x85\u2028\u2029"  # what ruamel.yaml's block writers take for line breaks
# In a block text these call for the emitter's own writer: breaks other than "\n", a "\a"
# (its fold mark), and (for a `>` block) any line break at all.
_LITERAL_ODD = re.compile("[\x85\u2028\u2029]")
_FOLDED_ODD = re.compile("[\n\x85\u2028\u2029\a]")
_SIMPLE = re.compile(r"[A-Za-z0-9_(](?:[A-Za-z0-9 _.,;()/+=&<>-]*[A-Za-z0-9_.,;()/+=&<>-])?")


class CodebookYamlWriter:
    """Writes mappings of strings and lists of mappings in block style, as ruamel.yaml's
    round-trip dumper does with `indent(mapping=2, sequence=4, offset=2)` and `width=4096`.

    The dumper builds a node graph, events and tag objects for every value, which made the
    export of 20,000 codes take seconds. This writer lays out the lines itself and writes a
    value plain at once when it is certainly plain; any other value goes through ruamel.yaml's
    own scalar analysis and writers (quoting, escapes, `|` and `>` blocks), given the position
    the dumper would have reached, so every character comes out the same.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._emitter = Emitter(self, width=WIDTH, allow_unicode=True)
        # Without a dumper the emitter is its own serializer; the dumper's YAML version is None.
        self._emitter.use_version = None  # type: ignore[attr-defined]
        self._resolver = VersionedResolver()
        # First characters of the values some implicit type (bool, int, null, ...) may read:
        # any other value reads as a string without asking each of the resolver's patterns.
        resolvers = self._resolver.versioned_resolver
        self._typed_starts = None if None in resolvers else frozenset(resolvers)
        self._open_ended = False  # a `|+` block ended the last value: the dumper adds "..."

    def write(self, data: str) -> None:
        """Where the emitter writes: its stream."""
        self._parts.append(data)

    def document(self, mapping: dict[str, Any]) -> str:
        """The YAML text of a top-level mapping."""
        self._parts.clear()
        self._mapping(mapping, 0, first_line_written=False)
        if self._open_ended:
            self._parts.append("...\n")
        return "".join(self._parts)

    def _mapping(self, mapping: dict[str, Any], column: int, *, first_line_written: bool) -> None:
        for key, value in mapping.items():
            if first_line_written:
                self._parts.append(" " * column)
            first_line_written = True
            self._parts.append(f"{key}:")
            if isinstance(value, list):
                self._sequence(value, column)
            elif isinstance(value, str):
                self._scalar(value, column + len(key) + 1, column + MAP_INDENT)
            else:
                raise TypeError(f"cannot write {type(value).__name__} under '{key}'")

    def _sequence(self, items: list[Any], column: int) -> None:
        if not items:
            self._parts.append(" []\n")
            self._open_ended = False
            return
        self._parts.append("\n")
        dash = " " * (column + DASH_OFFSET) + "- "
        for item in items:
            if not isinstance(item, dict) or not item:
                raise TypeError("a sequence holds non-empty mappings only")
            self._parts.append(dash)
            self._mapping(item, column + SEQUENCE_INDENT, first_line_written=False)

    def _scalar(self, value: str, column: int, indent: int) -> None:
        """`value` after its key (which ends at `column`), then the line break."""
        self._open_ended = False
        if isinstance(value, LiteralScalarString):
            if not self._literal(str(value), indent):
                self._emit(column, indent).write_literal(str(value), "")
                self._open_ended = self._emitter.open_ended
            return
        if isinstance(value, FoldedScalarString):
            if not self._folded(value, indent):
                self._emit(column, indent).write_folded(_fold_marks(value), "")
                self._open_ended = self._emitter.open_ended
            return
        value = str(value)
        reads_as_string = self._reads_as_string(value)
        if reads_as_string and column + 1 + len(value) < WIDTH and _SIMPLE.fullmatch(value):
            self._parts.append(f" {value}\n")
            return
        emitter = self._emit(column, indent)
        analysis = emitter.analyze_scalar(value)
        # Emitter.choose_scalar_style for a plain string that is a mapping's value.
        if reads_as_string and analysis.allow_block_plain:
            emitter.write_plain(value, True)
        elif "'" in value or "\n" in value or not analysis.allow_single_quoted:
            emitter.write_double_quoted(value, True)
        else:
            emitter.write_single_quoted(value, True)
        self._parts.append("\n")

    def _literal(self, text: str, indent: int) -> bool:
        """A `|` block as Emitter.write_literal writes it, if `text` has no odd breaks."""
        if not text or _LITERAL_ODD.search(text):
            return False
        hints = "2" if text[0] in " \n" else ""  # the content's indent, if it starts so
        if text[-1] != "\n":
            hints += "-"  # no final line break
        elif len(text) == 1 or text[-2] == "\n":
            hints += "+"  # more than one: kept
            self._open_ended = True
        pad = " " * indent
        body = "\n".join(pad + line if line else "" for line in text.split("\n"))
        self._parts.append(f" |{hints}\n{body}" if text[-1] == "\n" else f" |{hints}\n{body}\n")
        return True

    def _folded(self, text: FoldedScalarString, indent: int) -> bool:
        """A `>` block as Emitter.write_folded writes it, if `text` is one line that starts
        with no space and breaks only at its fold marks, each line within the width."""
        plain = str(text)
        if not plain or plain[0] == " " or _FOLDED_ODD.search(plain):
            return False
        lines = _fold_marks(text).split("\a ")
        if indent + max(map(len, lines)) > WIDTH:
            return False  # the emitter would break a line at a space
        pad = " " * indent
        self._parts.append(" >-\n" + "".join(f"{pad}{line}\n" for line in lines))
        return True

    def _reads_as_string(self, value: str) -> bool:
        """Whether `value` written plain reads back as a string (not true, 1.0, null, ...)."""
        if value and self._typed_starts is not None and value[0] not in self._typed_starts:
            return True
        tag = self._resolver.resolve(ScalarNode, value, (True, False))
        return str(tag) == _STR_TAG

    def _emit(self, column: int, indent: int) -> Emitter:
        """The emitter where the dumper would be after a key's colon."""
        emitter = self._emitter
        emitter.column = column
        emitter.indent = indent
        emitter.whitespace = False
        emitter.indention = False
        emitter.open_ended = False
        return emitter


def _fold_marks(text: FoldedScalarString) -> str:
    """The text with the mark ruamel.yaml's representer puts where a `>` block may break."""
    marked = str(text)
    for position in reversed(getattr(text, "fold_pos", [])):
        if (
            marked[position] == " "
            and (position > 0 and not marked[position - 1].isspace())
            and (position < len(marked) and not marked[position + 1].isspace())
        ):
            marked = marked[:position] + "\a" + marked[position:]
    return marked
