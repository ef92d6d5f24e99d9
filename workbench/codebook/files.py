"""Reading and writing codebook YAML files, validated by `schema/codebook.schema.json`."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, ComposerError, MaxDepthExceededError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from workbench.codebook.yaml_writer import CodebookYamlWriter
from workbench.errors import CodebookError
from workbench.resources import schema_dir
from workbench.text.infile import read_regular_file

TEXT_FIELDS = ("description", "include", "exclude", "example")
# The coding screen's own one-letter commands (its bindings and the app's): a code cannot have
# one as its shortcut key. A TUI test checks this against the keys the screen really binds.
COMMAND_KEYS = frozenset("abcdfgmnoqrstuvxGN")
FOLD_WIDTH = 76  # characters of text per line in an exported codebook
# Levels of YAML nesting a codebook file may have: codes nested 49 deep. Deeper files would
# exhaust Python's recursion in the YAML reader and the schema check, not just take long.
MAX_NESTING = 100


@dataclass
class CodeSpec:
    name: str
    line: int
    key_line: int = 0
    guid: str | None = None
    key: str | None = None
    colour: str | None = None
    description: str = ""
    include: str = ""
    exclude: str = ""
    example: str = ""
    children: list[CodeSpec] = field(default_factory=list)
    status: str = "active"  # or retired, merged: history an export keeps
    merged_into: str | None = None  # a merged code's target, by path


@dataclass
class CodebookSpec:
    name: str
    description: str
    codes: list[CodeSpec]

    def walk(self) -> list[tuple[str, CodeSpec]]:
        """(path, code) in depth-first order."""
        out: list[tuple[str, CodeSpec]] = []

        def visit(codes: list[CodeSpec], prefix: str) -> None:
            for code in codes:
                path = f"{prefix}{code.name}"
                out.append((path, code))
                visit(code.children, f"{path}/")

        visit(self.codes, "")
        return out


@cache
def _schema() -> dict[str, Any]:
    with open(schema_dir() / "codebook.schema.json", encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


def load_codebook(path: Path) -> CodebookSpec:
    source = str(path)
    raw = read_regular_file(path, CodebookError, "cannot read codebook")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CodebookError("codebook is not UTF-8", source=source) from error
    yaml = YAML(typ="rt")
    yaml.Composer = _NoAliasComposer
    yaml.max_depth = MAX_NESTING
    try:
        data = yaml.load(text)
    except MaxDepthExceededError as error:
        line = error.problem_mark.line + 1 if error.problem_mark is not None else None
        raise CodebookError(
            f"nested more than {MAX_NESTING} levels deep (codes can nest {MAX_NESTING // 2 - 1} "
            "levels)",
            source=source,
            line=line,
        ) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = _one_line(error.problem or error.context or "not valid YAML")
        raise CodebookError(f"invalid YAML: {problem}", source=source, line=line) from error
    except ReaderError as error:  # a character YAML does not allow, e.g. NUL
        line = text.count("\n", 0, error.position) + 1
        raise CodebookError(
            f"invalid YAML: character U+{error.character:04X} is not allowed",
            source=source,
            line=line,
        ) from error
    except YAMLError as error:
        raise CodebookError(f"invalid YAML: {_one_line(str(error))}", source=source) from error
    except Exception as error:  # ruamel.yaml trips on odd input, e.g. a list as a key
        raise CodebookError(
            f"invalid YAML that the reader cannot take ({type(error).__name__}: "
            f"{_one_line(str(error))[:200]})",
            source=source,
        ) from error
    import jsonschema  # here, not above: every screen imports this module, few read a file

    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "top level"
        raise CodebookError(
            f"{where}: {first.message}", source=source, line=_line_of(data, first.absolute_path)
        )
    spec = CodebookSpec(data["name"], data.get("description", ""), _codes(data["codes"]))
    _check_unique(spec, source)
    for code_path, code in spec.walk():  # "\0" in a quoted string: no database keeps it
        if any("\x00" in (getattr(code, f) or "") for f in ("name", "key", *TEXT_FIELDS)):
            raise CodebookError(f"a NUL character in '{code_path}'", source=source, line=code.line)
    return spec


def _one_line(message: str) -> str:
    """A YAML library message on one line (a quoted key or value may hold line breaks)."""
    return " ".join(message.split())


class _NoAliasComposer(Composer):
    """Refuses YAML aliases (``*name``): a few of them nested make a few hundred bytes
    expand to billions of nodes, and no codebook needs one."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.warn_double_anchors = False  # an anchor no alias can use is harmless

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            raise ComposerError(
                None,
                None,
                f"an alias (*{event.anchor}) repeats another part of the file; "
                "write the text out instead",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def _codes(items: Any) -> list[CodeSpec]:
    return [
        CodeSpec(
            name=item["name"].strip(),
            line=item.lc.line + 1,
            key_line=item.lc.key("key")[0] + 1 if "key" in item else item.lc.line + 1,
            guid=item.get("guid"),
            key=item.get("key"),
            colour=item.get("colour"),
            children=_codes(item.get("children", [])),
            status=item.get("status", "active"),
            merged_into=item.get("merged_into"),
            **{name: str(item.get(name, "")).strip() for name in TEXT_FIELDS},
        )
        for item in items
    ]


def _check_unique(spec: CodebookSpec, source: str) -> None:
    paths: set[str] = set()
    keys: dict[str, str] = {}
    guids: set[str] = set()
    for path, code in spec.walk():
        if path in paths:
            raise CodebookError(f"code '{path}' appears twice", source=source, line=code.line)
        paths.add(path)
        if code.key is not None and code.status != "active":
            raise CodebookError(
                f"'{path}' is {code.status}: it takes no key", source=source, line=code.key_line
            )
        if code.key is not None:
            if code.key in COMMAND_KEYS:
                raise CodebookError(
                    f"key '{code.key}' of '{path}' is a coding-screen command; "
                    "use a digit, another letter or an upper-case one",
                    source=source,
                    line=code.key_line,
                )
            if code.key in keys:
                raise CodebookError(
                    f"key '{code.key}' of '{path}' is taken by '{keys[code.key]}'",
                    source=source,
                    line=code.key_line,
                )
            keys[code.key] = path
        if code.guid is not None:
            if code.guid.lower() in guids:
                raise CodebookError(f"guid of '{path}' repeats", source=source, line=code.line)
            guids.add(code.guid.lower())


def _line_of(data: Any, path: Any) -> int | None:
    """The 1-based line of the deepest node on `path` that ruamel knows a position for."""
    line = None
    node = data
    for part in path:
        try:
            if hasattr(node, "lc"):
                position = node.lc.key(part) if isinstance(part, str) else node.lc.item(part)
                line = position[0] + 1
            node = node[part]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    if line is None and hasattr(node, "lc"):
        line = node.lc.line + 1
    return line


def dump_codebook(spec: CodebookSpec) -> str:
    """YAML text of `spec` that `load_codebook` reads back to the same codebook."""
    return CodebookYamlWriter().document(codebook_document(spec))


def codebook_document(spec: CodebookSpec) -> dict[str, Any]:
    """`spec` as the mapping a codebook file holds, in its key order (name first, children
    last), each text in the scalar style it is written in."""

    def code_dict(code: CodeSpec) -> dict[str, Any]:
        out: dict[str, Any] = {"name": code.name}
        if code.guid:
            out["guid"] = code.guid
        for name in ("key", "colour", *TEXT_FIELDS):
            value = getattr(code, name)
            if value:
                out[name] = _block(value)
        if code.status != "active":  # only then: files of active codes stay as they were
            out["status"] = code.status
        if code.merged_into:
            out["merged_into"] = code.merged_into
        if code.children:
            out["children"] = [code_dict(child) for child in code.children]
        return out

    document: dict[str, Any] = {"name": spec.name}
    if spec.description:
        document["description"] = _block(spec.description)
    document["codes"] = [code_dict(code) for code in spec.codes]
    return document


def _block(text: str) -> Any:
    """A text as people write it in a codebook file: several lines as a `|` block, a long
    line folded at spaces into a `>-` block, a short one plain."""
    if "\n" in text:
        return LiteralScalarString(text)
    lines = textwrap.wrap(text, FOLD_WIDTH, break_long_words=False, break_on_hyphens=False)
    if len(lines) < 2 or " ".join(lines) != text:
        return text  # short, or spacing that folding would not keep
    folded = FoldedScalarString(text)
    # ruamel.yaml breaks the block at these indices: the single spaces between the lines.
    folded.fold_pos = [end - 1 for end in accumulate(len(line) + 1 for line in lines[:-1])]
    return folded
