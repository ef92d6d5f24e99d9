"""Learned code suggestions: units and labels, features, evaluation against baselines on a
generated study with planted themes and on the sample study, accepting and dismissing."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from workbench.assist.features import CHAR_NGRAMS, MAX_SHARE, MIN_UNITS, TOKEN, count_features
from workbench.assist.planted import PlantedStudy, build_planted_project
from workbench.assist.suggest import SUGGESTED, Suggester
from workbench.assist.suggest_eval import distinctive_words, evaluate, holds_any, word_presence
from workbench.assist.units import read_corpus, read_labels
from workbench.coding.actions import CoderActions
from workbench.coding.status import set_status
from workbench.errors import WorkbenchError
from workbench.store.project import Project


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PlantedStudy]:
    """The generated study (24 interviews, 3 planted and 3 noise codes), built once."""
    path = tmp_path_factory.mktemp("planted") / "planted.db"
    project, study = build_planted_project(str(path))
    project.close()
    return path, study


@pytest.fixture
def planted_copy(
    planted: tuple[Path, PlantedStudy], tmp_path: Path
) -> Iterator[tuple[Project, PlantedStudy]]:
    path, study = planted
    target = tmp_path / "planted.db"
    shutil.copy(path, target)
    with Project.open(str(target)) as project:
        yield project, study


def test_suggestions_beat_both_baselines_on_held_out_transcripts(
    planted: tuple[Path, PlantedStudy],
) -> None:
    """Cross-validated by transcript: every planted code's F1 beats the most frequent code
    and the keyword rule; codes of pure noise are not learned."""
    path, study = planted
    with Project.open(str(path)) as project:
        corpus = read_corpus(project)
        result = evaluate(
            corpus, count_features(corpus.texts), read_labels(project, corpus, study.coder)
        )
    assert result.folds == 5 and result.transcripts == len(study.transcripts)
    for code in study.planted:
        figures = result.of(code)
        assert figures is not None and figures.units >= 8
        assert figures.model.f1 > figures.most_frequent_f1, code
        assert figures.model.f1 > figures.keyword_f1, code
        assert figures.model.f1 > 0.6 and figures.keywords  # the rule found some words
    for code in study.noise:
        figures = result.of(code)
        assert figures is not None and figures.model.f1 < 0.3


def test_the_sample_study_is_evaluated_with_too_few_listed(built_sample: Path) -> None:
    with Project.open(str(built_sample)) as project:
        corpus = read_corpus(project)
        labels = read_labels(project, corpus, "anna")
        result = evaluate(corpus, count_features(corpus.texts), labels)
    counts = {corpus.code_paths[c]: n for c, n in labels.counts().items()}
    assert {c.code for c in result.codes} == {code for code, n in counts.items() if n >= 8}
    assert result.too_few == {code: n for code, n in counts.items() if n < 8}
    assert result.too_few and result.codes
    for figures in result.codes:
        for value in (figures.model.precision, figures.model.recall, figures.model.f1):
            assert 0 <= value <= 1
    assert "Projectised funding" in {c.code for c in result.codes}


def test_a_unit_has_a_code_when_a_coding_overlaps_it(sqlite_location: str, tmp_path: Path) -> None:
    from workbench.codebook import service
    from workbench.transcripts.importer import import_transcripts

    text = "A: one two three\n\nB: four five six\n\nA: seven eight nine\n\nB: ten eleven\n"
    (tmp_path / "t1.txt").write_text(text, encoding="utf-8")
    with Project.init(sqlite_location, actor="tester") as project:
        service.create(project, "Theme", why="test")
        import_transcripts(project, [tmp_path / "t1.txt"])
        doc = project.transcript("t1")
        first, second, third, _fourth = doc.utterances
        anna = CoderActions(project, "anna")
        # The end of the first unit and the start of the second: both; the third: untouched.
        anna.apply("t1", "Theme", first.end - 2, second.start + 2)
        corpus = read_corpus(project)
        labels = read_labels(project, corpus, "anna")
        assert labels.labels[:, 0].tolist() == [True, True, False, False]
        # In progress: the units up to the last one coded are seen, the rest not yet.
        assert labels.seen.tolist() == [True, True, False, False]
        set_status(project, "t1", "anna", "done")
        assert read_labels(project, corpus, "anna").seen.all()
        assert corpus.unit_at("t1", third.start) == 2
        assert read_labels(project, corpus, "nobody").labels.shape == (4, 0)


def test_counts_are_what_scikit_learn_counts() -> None:
    """Word 1-2-grams as CountVectorizer counts them, character n-grams as its char_wb
    analyser counts them over the tokens, with the same document-frequency bounds."""
    from sklearn.feature_extraction.text import CountVectorizer

    texts = [
        "The mandate, the MANDATE and the states' protection.",
        "Projectised funding: funding cycles, projectised again.",
        "States decide; the states decide funding.",
        "protection and the mandate of protection",
        "",
    ]
    counts = count_features(texts)
    words = CountVectorizer(ngram_range=(1, 2), min_df=MIN_UNITS)
    expected = words.fit_transform(texts).toarray()
    ours = dict(zip(counts.word_names, counts.words.toarray().T, strict=True))
    assert set(ours) == set(words.get_feature_names_out())
    for name, column in zip(words.get_feature_names_out(), expected.T, strict=True):
        assert ours[name].tolist() == column.tolist(), name
    joined = [" ".join(TOKEN.findall(text.lower())) for text in texts]
    chars = CountVectorizer(
        analyzer="char_wb", ngram_range=CHAR_NGRAMS, min_df=MIN_UNITS, max_df=MAX_SHARE
    )
    expected_chars = chars.fit_transform(joined).toarray()
    assert np.array_equal(
        np.sort(counts.chars.toarray().sum(axis=0)), np.sort(expected_chars.sum(axis=0))
    )
    assert counts.chars.shape[1] == expected_chars.shape[1]


def _hold_out(project: Project, coder: str, transcripts: list[str]) -> set[tuple[str, int, str]]:
    """Take back the coder's codings of `transcripts` (now in progress, none coded: not
    seen, so not learned from); returns what they were: (transcript, start, code)."""
    actions = CoderActions(project, coder)
    truth = set()
    for transcript in transcripts:
        for coding in actions.codings(transcript):
            truth.add((transcript, coding.start, coding.code))
            actions.remove(coding.id)
        set_status(project, transcript, coder, "in_progress")
    return truth


def _f1(truth: set[tuple[str, int]], said: set[tuple[str, int]]) -> float:
    hits = len(truth & said)
    return 2 * hits / (len(truth) + len(said)) if truth or said else 0.0


def test_suggestions_on_held_out_transcripts_beat_the_baselines(
    planted_copy: tuple[Project, PlantedStudy],
) -> None:
    """Suggestions for transcripts the coder has not coded, against what they had coded
    there: better F1 for each planted code than the most frequent code on every unit and
    than the keyword rule learned from the same codings."""
    project, study = planted_copy
    held = list(study.transcripts[-4:])
    truth = _hold_out(project, study.coder, held)
    suggester = Suggester(project, study.coder)
    labels = suggester.labels()
    rows = np.flatnonzero(labels.seen)
    corpus = suggester.corpus
    held_rows = np.flatnonzero(
        np.isin(corpus.transcript, [tid for tid, name in corpus.names.items() if name in held])
    )
    units = {(corpus.names[int(corpus.transcript[r])], int(corpus.start[r])) for r in held_rows}
    offered = [s for t in held for s in suggester.suggest(transcript=t, min_confidence=0.5)]
    presence = word_presence(suggester.counts)
    frequent = labels.code_ids[int(np.argmax(labels.labels[rows].sum(axis=0)))]
    for number, code in enumerate(study.planted):
        wanted = {(t, start) for t, start, c in truth if c == code}
        said = {(s.transcript, s.start) for s in offered if s.code == code}
        column = labels.code_ids.index(number + 1)
        words = distinctive_words(presence[rows], labels.labels[rows, column])
        hits = holds_any(presence[held_rows], words)
        keyword = {
            (corpus.names[int(corpus.transcript[r])], int(corpus.start[r]))
            for r, hit in zip(held_rows.tolist(), hits.tolist(), strict=True)
            if hit
        }
        most_frequent = units if corpus.code_paths[frequent] == code else set()
        ours = _f1(wanted, said)
        assert ours > _f1(wanted, keyword) and ours > _f1(wanted, most_frequent), code
        assert ours > 0.6, code


def test_accepting_codes_the_unit_logs_it_and_undo_takes_it_back(
    planted_copy: tuple[Project, PlantedStudy],
) -> None:
    project, study = planted_copy
    coder = study.coder
    transcript = study.transcripts[0]
    truth = _hold_out(project, coder, [transcript])
    actions = CoderActions(project, coder)
    suggester = Suggester(project, coder)
    trained = suggester.train()
    assert set(study.planted) <= set(trained.codes)
    offered = suggester.suggest(transcript=transcript, min_confidence=0.5)
    mine = [s for s in offered if (transcript, s.start, s.code) in truth]
    assert mine and mine[0].confidence >= 0.5
    coding = suggester.accept(mine[0], actions)
    assert (coding.code, coding.start, coding.end) == (mine[0].code, mine[0].start, mine[0].end)
    logged = project.events(SUGGESTED)
    assert len(logged) == 1 and logged[0].actor == coder
    assert json.loads(logged[0].detail)["code"] == mine[0].code
    # Now coded: not suggested again; undo takes it back as any coding's.
    assert all(
        (s.start, s.code) != (mine[0].start, mine[0].code)
        for s in suggester.suggest(transcript=transcript, min_confidence=0.0)
    )
    undone = actions.undo(transcript)
    assert undone is not None and undone.kind == "apply"
    assert not actions.codings(transcript)


def test_a_dismissed_suggestion_is_never_made_again(
    planted_copy: tuple[Project, PlantedStudy],
) -> None:
    project, study = planted_copy
    transcript = study.transcripts[1]
    truth = _hold_out(project, study.coder, [transcript])
    start = min(start for _t, start, code in truth if code == study.planted[1])
    target = project.transcript(transcript).utterance_at(start)
    assert target is not None
    suggester = Suggester(project, study.coder)
    offered = suggester.for_unit(transcript, target.start, min_confidence=0.0)
    assert offered and offered[0].code == study.planted[1]
    before = project.row_counts()["suggestion_dismissal"]
    assert suggester.dismiss(offered[0]) is True
    assert suggester.dismiss(offered[0]) is False  # remembered once
    assert project.row_counts()["suggestion_dismissal"] == before + 1
    again = Suggester(project, study.coder)  # a new session remembers it too
    assert study.planted[1] not in {
        s.code for s in again.for_unit(transcript, target.start, min_confidence=0.0)
    }
    assert not [
        s
        for s in again.suggest(transcript=transcript, min_confidence=0.0)
        if s.start == target.start and s.code == study.planted[1]
    ]


def test_another_coders_model_is_refused_where_blind_coding_hides_them(
    planted_copy: tuple[Project, PlantedStudy],
) -> None:
    project, study = planted_copy
    with pytest.raises(WorkbenchError, match="blind coding"):
        Suggester(project, "second", source=study.coder)
    set_status(project, study.transcripts[2], "second", "done")
    suggester = Suggester(project, "second", source=study.coder)
    with pytest.raises(WorkbenchError, match="blind coding"):
        suggester.suggest(transcript=study.transcripts[3])
    shown = suggester.suggest(min_confidence=0.5)
    assert shown and {s.transcript for s in shown} == {study.transcripts[2]}
    with pytest.raises(WorkbenchError, match="no coder named"):
        Suggester(project, "second", source="nobody")


def test_bad_limits_are_refused(planted_copy: tuple[Project, PlantedStudy]) -> None:
    project, study = planted_copy
    suggester = Suggester(project, study.coder)
    with pytest.raises(WorkbenchError, match="probability"):
        suggester.suggest(min_confidence=1.5)
    with pytest.raises(WorkbenchError, match="at least 1"):
        suggester.suggest(top=0)
    with pytest.raises(WorkbenchError, match="no transcript"):
        suggester.suggest(transcript="missing")


def test_schema_0006_goes_down_and_up(project: Project) -> None:
    from alembic import command

    from workbench.store.engine import _alembic_config

    command.downgrade(_alembic_config(project.engine), "0005")
    assert "suggestion_dismissal" not in project.engine.dialect.get_table_names(
        project.engine.connect()
    )
    command.upgrade(_alembic_config(project.engine), "head")
    assert project.row_counts()["suggestion_dismissal"] == 0


def test_a_dismissal_is_stored_once_on_each_backend(project: Project, tmp_path: Path) -> None:
    from workbench.assist.suggest import dismiss_at
    from workbench.codebook import service
    from workbench.transcripts.importer import import_transcripts

    (tmp_path / "t1.txt").write_text("A: one two three\n\nB: four five six\n", encoding="utf-8")
    service.create(project, "Theme", why="test")
    import_transcripts(project, [tmp_path / "t1.txt"])
    unit = project.transcript("t1").utterances[1]
    said = dismiss_at(project, "anna", "t1", unit.start + 1, "Theme")
    assert said == f"dismissed Theme on t1 [{unit.start}, {unit.end})"
    assert "already" in dismiss_at(project, "anna", "t1", unit.end - 1, "Theme")
    assert project.row_counts()["suggestion_dismissal"] == 1
    before = project.row_counts()
    with pytest.raises(WorkbenchError, match="no utterance"):
        dismiss_at(project, "anna", "t1", 10_000, "Theme")
    assert project.row_counts() == before
