"""The one key map: what each key means on each screen; bindings, footers and `?` all read it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.keys import format_key

# One meaning per key across the app; a screen binds a key only to an action of that meaning.
MEANINGS = {
    "question_mark": "help: the keys of this screen",
    "r": "retrieval", "b": "codebook", "f": "reports", "a": "agreement",
    "t": "search every transcript",
    "q": "back (from home: quit)",
    "escape": "close the innermost thing: dropdown, dialog, search bar, visual mode, selection",
    "enter": "open or choose what is highlighted",
    "slash": "find: the transcript filter at home, search in a transcript",
    "x": "remove: my coding; a code from use (retire)",
    "e": "edit a name (a code: also its key, colour, definition)",
    "w": "write what is shown to a file",
    "m": "memo",
    "plus": "add a code",
    "p": "put a code under another",
    "j": "join a code into another",
    "u": "select the utterance", "c": "code picker", "v": "visual mode",
    "C": "code every hit", "space": "mark or unmark the highlighted item",
    "n": "next search hit", "N": "previous search hit",
    "right_square_bracket": "next coded segment", "left_square_bracket": "previous segment",
    "g": "start of the transcript", "G": "end of the transcript",
    "ctrl+home": "start of the transcript", "ctrl+end": "end of the transcript",
    "o": "others' codings", "d": "done", "s": "suggested codes",
    "ctrl+z": "undo", "ctrl+y": "redo",
    "1": "settle: take coder A", "2": "settle: take coder B", "3": "settle: take both",
    "0": "settle: take neither",
}  # fmt: skip
# On the coding screen the digits and the letters (either case) not bound there are the codes' keys;
# the agreement screen has no codes to apply, so its digits settle disagreements.


@dataclass(frozen=True)
class Key:
    """One key of a screen: the binding and the line that `?` shows for it."""

    key: str  # Textual's key name(s), comma-separated
    action: str
    label: str  # in the footer
    help: str  # in `?`
    show: bool = True
    priority: bool = False

    def binding(self) -> Binding:
        return Binding(self.key, self.action, self.label, show=self.show, priority=self.priority)

    def shown(self) -> str:
        return " ".join(format_key(k.strip()) for k in self.key.split(","))


EVERYWHERE = (
    Key("question_mark", "help", "Help", "the keys of this screen"),
    Key("r", "retrieval", "Retrieve", "retrieval: the segments of a code"),
    Key("b", "codebook", "Codebook", "the codebook"),
    Key("f", "reports", "Reports", "reports: frequencies, co-occurrence, saturation"),
    Key("a", "agreement", "Agreement", "agreement between coders, settling disagreements"),
    # Not in the footers, which are full at 80 columns: `?` shows it.
    Key(
        "t", "search_study", "Search all", "search every transcript, and code the hits", show=False
    ),
)
BACK = Key("q", "back", "Back", "back to the screen before")

SCREENS: dict[str, tuple[Key, ...]] = {
    "home": (
        Key("enter", "open", "Open", "open the transcript under the cursor"),
        Key("slash", "filter", "Filter", "type into the filter (or just start typing)"),
        Key("escape", "clear_filter", "Clear filter", "clear the filter", show=False),
        Key("q", "quit", "Quit", "quit workbench"),
    ),
    "coding": (
        Key("u", "select_utterance", "Utterance", "select the utterance under the cursor"),
        Key("c", "pick_code", "Code…", "code picker (type to filter; a new name: in-vivo code)"),
        Key("x", "remove", "Remove", "remove my coding under the transcript cursor"),
        Key("m", "memo", "Memo", "memo of my coding under the transcript cursor (or the text)"),
        Key("ctrl+z", "undo", "Undo", "undo (kept in the project)", priority=True),
        Key("ctrl+y", "redo", "Redo", "redo", show=False, priority=True),
        Key("v", "toggle_visual", "Visual", "visual mode: movement extends the selection"),
        Key("slash", "search", "Search", "search the transcript"),
        Key("n", "next_hit", "Next hit", "next search hit", show=False),
        Key("N", "previous_hit", "Previous hit", "previous search hit", show=False),
        Key(
            "right_square_bracket", "next_segment", "Next segment", "next coded segment", show=False
        ),
        Key(
            "left_square_bracket",
            "previous_segment",
            "Previous segment",
            "previous coded segment",
            show=False,
        ),
        Key("g,ctrl+home", "transcript_start", "Start", "start of the transcript", show=False),
        Key("G,ctrl+end", "transcript_end", "End", "end of the transcript", show=False),
        Key("s", "suggest", "Suggest", "codes suggested for the utterance (learned from yours)"),
        Key("o", "toggle_others", "Others", "show other coders' codings (off: blind coding)"),
        Key("d", "done", "Done", "mark this transcript done (again: back to in progress)"),
        Key("escape", "clear", "Clear", "leave visual mode, or drop the selection", show=False),
        BACK,
    ),
    "codebook": (
        Key("plus", "add", "Add", "add a code (under the highlighted one, or at the top level)"),
        Key("e", "edit", "Edit", "edit the highlighted code: name, key, colour, definition"),
        Key("p", "move", "Move under", "put the highlighted code under another"),
        Key("j", "merge", "Merge into", "join the highlighted code into another"),
        Key("x", "retire", "Retire", "retire the highlighted code (remove it from use)"),
        BACK,
    ),
    "retrieval": (BACK,),
    "search": (
        Key("slash", "find", "Find", "type a new phrase or pattern"),
        Key("escape", "to_hits", "Hits", "leave the typing: back to the hits", show=False),
        Key("space", "mark", "Mark", "mark or unmark the highlighted hit"),
        Key("c", "code_hits", "Code…", "code the marked hits (or the highlighted one)"),
        Key("C", "code_all", "Code all…", "code every hit (asks first, with a preview)"),
        Key(
            "ctrl+z",
            "undo",
            "Undo",
            "undo my latest action (a run of codings whole)",
            priority=True,
        ),
        BACK,
    ),
    "reports": (
        Key("w", "export", "Write CSV", "write the table shown to a CSV file"),
        BACK,
    ),
    "agreement": (
        # The disagreement list binds these; elsewhere on the screen they say where they work.
        Key("1", "settle_elsewhere", "Accept A", "on the list: take coder A's coding", show=False),
        Key("2", "settle_elsewhere", "Accept B", "on the list: take coder B's coding", show=False),
        Key("3", "settle_elsewhere", "Both", "on the list: take both", show=False),
        Key("0", "settle_elsewhere", "Neither", "on the list: take neither", show=False),
        BACK,
    ),
}

# What `?` adds to the bound keys: keys Textual's widgets answer, and the codes' own keys.
NOTES: dict[str, str] = {
    "home": "type a name to filter the transcripts; arrows move",
    "coding": (
        "arrows, page up/down move; shift+arrows, mouse drag select\n"
        "0-9, letters: apply the code with that key to the selection (a code's key is any digit\n"
        "or letter that is no command here; a and A are different keys)\n"
        "m and x act at the transcript's cursor, whichever pane has the focus"
    ),
    "codebook": "arrows move; every change asks why (kept in the audit log)",
    "retrieval": "enter on a code lists its segments; enter on a segment opens it",
    "search": (
        "a phrase, ignoring case (re: before a regular expression); enter searches\n"
        "filters: speaker=..., code=..., or an attribute, group=...\n"
        "enter on a hit opens it (q comes back); the unit is what c and C code"
    ),
    "reports": "tab to the choices above the table; what is shown is what w writes",
    "agreement": (
        "enter on a code lists its disagreements; enter on one opens the passage\n"
        "the table's notes are above these keys, whole (on 24 rows the screen shows one line each)"
        "\nblind coding: you compare only the transcripts you have marked done (d on their coding\n"
        "screen); until then the others' codings of a transcript stay hidden from you"
    ),
}
TITLES = {
    "home": "Home",
    "coding": "Coding",
    "codebook": "Codebook",
    "retrieval": "Retrieval",
    "search": "Search",
    "reports": "Reports",
    "agreement": "Agreement",
}


def bindings(screen: str) -> list[BindingType]:
    """The bindings of a screen (the keys for every screen are the app's)."""
    keys = EVERYWHERE if screen == "app" else SCREENS[screen]
    return [key.binding() for key in keys]


def shown_keys(screen: str) -> list[Key]:
    """The keys a screen's line of hints shows: its own, then those of every screen."""
    return [key for key in (*SCREENS[screen], *EVERYWHERE) if key.show]


def hints(screen: str) -> list[tuple[str, str]]:
    """A screen's line of key hints: (key as shown, label)."""
    return [(key.shown(), key.label) for key in shown_keys(screen)]


def pressed(screen: str) -> dict[str, str]:
    """Which key a click on a hint presses: key as shown -> Textual's key name."""
    return {key.shown(): key.key.split(",")[0].strip() for key in shown_keys(screen)}


def help_text(screen: str) -> str:
    """What `?` shows on `screen`: its keys, then the keys of every screen."""
    lines = [f"{TITLES[screen]} screen"]
    lines += [f"  {key.shown():<12} {key.help}" for key in SCREENS[screen]]
    lines += [f"  {line}" for line in NOTES[screen].splitlines()]
    lines += ["", "Everywhere"]
    lines += [f"  {key.shown():<12} {key.help}" for key in EVERYWHERE]
    lines.append(f"  {'esc':<12} close the innermost thing: a dropdown, a dialog, the search")
    lines.append("  a key that does nothing here says why on the status line")
    return "\n".join(lines)


def unassigned(character: str, in_dialog: bool = False) -> str:
    """The status line for a key that means nothing where it was pressed."""
    if in_dialog:
        return f"‘{character}’ does nothing in this dialog: escape closes it"
    return f"‘{character}’ does nothing here: no command or active code has it (? lists the keys)"


NOTHING_TO_CLOSE = "nothing to close here: q goes back"
ALREADY_HERE = "this screen is open already (q goes back)"
CTRL_C = "ctrl+c does not quit: q goes back, and quits from the home screen"
