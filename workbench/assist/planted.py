"""A generated study with planted themes: phrases for some codes, noise codings for others.

For tests and benchmarks of suggestions: a planted code's utterances carry one of its
phrases (two theme words in a set order, theme words that every code and the noise share),
so that no single word gives it away but the phrases do; noise codes are put on utterances
at random. The coder misses some planted utterances and codes a few at random, as people do.
Everything follows from the seed.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.store.project import Project


def _words(text: str) -> list[str]:
    return text.split()


FILLER = _words(
    "we the it was and so but then they that this with for about very our of in on at is "
    "were had have would could also really quite well think know mean said just more "
    "some people work time year week office team meeting process report paper budget "
    "staff field country region plan change issue question answer case point level part "
    "side way"
)
THEME_WORDS = _words(
    "funding donor project states protection mandate camp agency rights partner cycle "
    "earmarked decide ministry oversight audit culture staff"
)
# Each planted code's phrases: pairs of theme words, in an order that only that code uses.
PHRASES = (
    ("project funding", "earmarked donor", "funding cycle"),
    ("states decide", "ministry partner", "donor states"),
    ("protection mandate", "rights protection", "camp protection"),
    ("audit oversight", "oversight ministry", "agency audit"),
    ("culture staff", "agency culture", "staff partner"),
    ("mandate cycle", "camp rights", "partner agency"),
)
TURN_WORDS = 80  # words in one turn (one utterance)
RARE_WORDS = 2_000  # made-up content words, drawn by Zipf's law as a language's are
SYLLABLES = _words("ba ko ri sen tu mal de vor pi lan gu fe zo ner ti sha mu ple dra an")
CODER = "planter"


@dataclass(frozen=True)
class PlantedStudy:
    """What was planted: the coder, the codes with phrases and the codes of noise."""

    coder: str
    planted: tuple[str, ...]
    noise: tuple[str, ...]
    transcripts: tuple[str, ...]


def planted_texts(
    interviews: int, words: int, planted: int, seed: int, plant_rate: float = 0.18
) -> tuple[list[str], list[list[set[int]]]]:
    """The interviews' texts and, per interview and turn, the planted codes in that turn."""
    rng = random.Random(seed)
    vocabulary = FILLER + _made_up_words(random.Random(seed + 2))
    # The common words take about half of the running words, the rest follows Zipf's law.
    zipf = [1 / rank for rank in range(1, RARE_WORDS + 1)]
    weights = [sum(zipf) / len(FILLER)] * len(FILLER) + zipf
    cumulative = list(accumulate(weights))
    texts: list[str] = []
    plants: list[list[set[int]]] = []
    for _ in range(interviews):
        turns: list[str] = []
        turn_plants: list[set[int]] = []
        for index in range(max(1, words // TURN_WORDS)):
            speaker = "Interviewer" if index % 2 == 0 else "Respondent"
            body = rng.choices(vocabulary, cum_weights=cumulative, k=TURN_WORDS)
            for position in rng.sample(range(TURN_WORDS), 6):  # theme words in the noise
                body[position] = rng.choice(THEME_WORDS)
            here: set[int] = set()
            if speaker == "Respondent":
                for code in range(planted):
                    if rng.random() < plant_rate:  # a theme comes up in more than one way
                        for phrase in rng.sample(PHRASES[code % len(PHRASES)], 2):
                            at = rng.randrange(TURN_WORDS - 2)
                            body[at : at + 2] = phrase.split()
                        here.add(code)
            turns.append(f"{speaker}: " + " ".join(body) + ".")
            turn_plants.append(here)
        texts.append("\n\n".join(turns) + "\n")
        plants.append(turn_plants)
    return texts, plants


def _made_up_words(rng: random.Random) -> list[str]:
    """RARE_WORDS distinct lowercase words of two to four syllables, none a theme word."""
    words: dict[str, None] = {}
    while len(words) < RARE_WORDS:
        word = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
        if word not in THEME_WORDS and word not in FILLER:
            words[word] = None
    return list(words)


def build_planted_project(
    location: str,
    *,
    interviews: int = 24,
    words: int = 2_400,
    planted: int = 3,
    noise: int = 3,
    plant_rate: float = 0.18,
    noise_rate: float = 0.06,
    seed: int = 7,
) -> tuple[Project, PlantedStudy]:
    """A project at `location` with generated interviews, a codebook of `planted` codes
    with phrases and `noise` codes without, and the coder's codings of whole turns: a
    Respondent's turn carries each planted code's phrase with chance `plant_rate`, and
    any turn gets each noise code with chance `noise_rate`."""
    from workbench.codebook import service
    from workbench.coding.status import set_statuses
    from workbench.store.codeindex import CodeIndex
    from workbench.store.codings import NewCoding, add_codings
    from workbench.store.project import Project, coder_by_name
    from workbench.store.transcript_rows import transcript_ids
    from workbench.transcripts.importer import import_transcripts

    rng = random.Random(seed + 1)
    texts, plants = planted_texts(interviews, words, planted, seed, plant_rate)
    names = tuple(f"planted_{number:03d}" for number in range(1, interviews + 1))
    planted_codes = tuple(f"Planted {number}" for number in range(1, planted + 1))
    noise_codes = tuple(f"Noise {number}" for number in range(1, noise + 1))
    project = Project.init(location, actor="planter")
    try:
        for code in (*planted_codes, *noise_codes):
            service.create(project, code, why="generated study")
        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for name, text in zip(names, texts, strict=True):
                path = Path(folder) / f"{name}.txt"
                path.write_text(text, encoding="utf-8")
                paths.append(path)
            import_transcripts(project, paths)
        documents = project.documents(names)
        with project.writing(changes_codebook=False) as session:
            index = CodeIndex(session)
            ids = [index.resolve(code).id for code in (*planted_codes, *noise_codes)]
            coder_id = coder_by_name(session, CODER, create=True).id
            tids = transcript_ids(session, names)
            rows: list[NewCoding] = []
            for tid_name, turn_plants in zip(names, plants, strict=True):
                document = documents[tid_name]
                tid = tids[tid_name]
                for utterance, here in zip(document.utterances, turn_plants, strict=True):
                    chosen = {code for code in here if rng.random() < 0.9}  # misses some
                    chosen |= {planted + n for n in range(noise) if rng.random() < noise_rate}
                    if rng.random() < 0.01 and planted:  # and codes one now and then
                        chosen.add(rng.randrange(planted))
                    rows.extend(
                        NewCoding(tid, ids[code], coder_id, utterance.start, utterance.end)
                        for code in sorted(chosen)
                    )
            add_codings(session, rows)
        set_statuses(project, names, CODER, "done")
    except BaseException:
        project.close()
        raise
    return project, PlantedStudy(CODER, planted_codes, noise_codes, names)
