"""A generated study for the assist tests: interviews with a phrase planted in known turns."""

from __future__ import annotations

import random
from pathlib import Path

from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

FIXTURES = Path(__file__).parent / "fixtures"
WORDS = ("the", "office", "states", "migrants", "return", "we", "deliver", "camp", "staff")
PLANTED = "projectised funding"
TRANSCRIPTS = 6
TURNS = 8
# (transcript number, turn number): the Respondent turns that say the planted phrase, once.
PLANTED_AT = {(0, 1), (0, 5), (2, 3), (4, 7), (5, 1)}
GROUPS = ("NGO", "IOM official")


def turn_text(rng: random.Random, planted: bool) -> str:
    """Three sentences; the second says the planted phrase when `planted`."""
    sentences = []
    for number in range(3):
        words = [rng.choice(WORDS) for _ in range(8)]
        if planted and number == 1:
            words[3:3] = PLANTED.split()
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def build_generated_study(location: str, folder: Path, seed: int = 16) -> Project:
    """TRANSCRIPTS interviews g0..g5 of TURNS turns, Interviewer and Respondent in turn
    (odd turns the Respondent's), the phrase at PLANTED_AT, group NGO for even numbers."""
    rng = random.Random(seed)
    files = []
    for number in range(TRANSCRIPTS):
        turns = []
        for turn in range(TURNS):
            speaker = "Respondent" if turn % 2 else "Interviewer"
            turns.append(f"{speaker}: {turn_text(rng, (number, turn) in PLANTED_AT)}")
        path = folder / f"g{number}.txt"
        path.write_text("\n\n".join(turns) + "\n", encoding="utf-8")
        files.append(path)
    attributes = folder / "attributes.csv"
    attributes.write_text(
        "transcript,group\n" + "".join(f"g{n},{GROUPS[n % 2]}\n" for n in range(TRANSCRIPTS)),
        encoding="utf-8",
    )
    project = Project.init(location, actor="tester")
    service.load(project, load_codebook(FIXTURES / "codebooks" / "small.yaml"), "small.yaml")
    import_transcripts(project, files, attributes=attributes)
    return project
