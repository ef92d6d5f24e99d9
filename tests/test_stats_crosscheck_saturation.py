"""Thematic saturation (Guest, Namey & Chen 2020) against a re-implementation of its rule on
random interview-by-code incidence, and the appendix's counts against a plain count."""

from __future__ import annotations

from collections import Counter

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.stats.appendix.figures import code_counts, interviews_by_group_and_year
from workbench.stats.data import StudyData, load_study
from workbench.stats.saturation import (
    SaturationRule,
    cumulative_curve,
    new_codes,
    run_table,
    saturation_point,
    saturation_summary,
)
from workbench.store.project import Project

FEW = settings(max_examples=40, deadline=None)


def reference_runs(
    new: list[int], base: int, run: int, threshold: float, step: int
) -> list[tuple[int, int, int, bool]]:
    """(first, last, new in the run, meets) for each run after the base, 1-based."""
    base_codes = sum(new[:base])
    rows = []
    first = base + 1
    while first + run - 1 <= len(new):
        added = sum(new[first - 1 : first - 1 + run])
        rows.append((first, first + run - 1, added, base_codes > 0 and
                     added / base_codes <= threshold / 100 + 1e-12))  # fmt: skip
        first += step
    return rows


def study(matrix: list[list[bool]], order: list[int], groups: str = "") -> StudyData:
    """A study of interviews t01... with codes c0... present as in `matrix`, attributes
    `wave` (the `order` values, ties allowed) and `grp` (letters of `groups`); one coder.
    Codes pair up under themes: c0 and c1 under c0, c2 and c3 under c2..."""
    n_codes = len(matrix[0]) if matrix else 0
    codes = pd.DataFrame(
        {
            "path": [f"c{k}" for k in range(n_codes)],
            "theme_id": [k - k % 2 for k in range(n_codes)],
            "order": list(range(n_codes)),
        }
    )
    names = [f"t{i + 1:02d}" for i in range(len(matrix))]
    grp = list(groups) if groups else ["A"] * len(matrix)
    transcripts = pd.DataFrame({"name": names, "wave": [str(v) for v in order], "grp": grp})
    codings = pd.DataFrame(
        [(i, k, 0, 0, 1) for i, row in enumerate(matrix) for k, on in enumerate(row) if on],
        columns=["transcript_id", "code_id", "coder_id", "start", "end"],
    )
    return StudyData(None, codes, {0: "anna"}, transcripts, ["wave", "grp"], codings)  # type: ignore[arg-type]


incidence = st.integers(1, 6).flatmap(
    lambda codes: st.lists(st.lists(st.booleans(), min_size=codes, max_size=codes), max_size=12)
)


@FEW
@given(
    incidence,
    st.data(),
    st.integers(1, 5),
    st.integers(1, 3),
    st.sampled_from([0.0, 5.0, 20.0, 50.0, 100.0]),
    st.sampled_from(["rolling", "fixed"]),
)
def test_saturation_matches_the_rule(
    matrix: list[list[bool]],
    data: st.DataObject,
    base: int,
    run: int,
    threshold: float,
    runs: str,
) -> None:
    waves = data.draw(st.lists(st.integers(1, 3), min_size=len(matrix), max_size=len(matrix)))
    rule = SaturationRule(base, run, threshold, runs)
    # Independently: interviews with a code, by wave then name; new codes against all before.
    order = sorted((w, i) for i, w in enumerate(waves) if any(matrix[i]))
    seen: set[int] = set()
    new, cumulative = [], []
    for _wave, i in order:
        here = {k for k, on in enumerate(matrix[i]) if on}
        new.append(len(here - seen))
        seen |= here
        cumulative.append(len(seen))
    frame = new_codes(study(matrix, waves), order="wave")
    assert frame["transcript"].tolist() == [f"t{i + 1:02d}" for _w, i in order]
    assert frame["new"].tolist() == new
    assert frame["cumulative"].tolist() == cumulative

    expected = reference_runs(new, base, run, threshold, 1 if runs == "rolling" else run)
    table = run_table(new, rule)
    got = table[["first", "last", "new_in_run", "meets_threshold"]].values.tolist()
    assert [tuple(row) for row in got] == expected
    point = saturation_point(new, rule)
    met = [first for first, _last, _added, meets in expected if meets]
    if len(new) >= base + run and sum(new[:base]) and met:
        assert point.reached and point.label == f"{met[0] - 1}+{run}"
    else:
        assert not point.reached and point.label == "not reached"
    if order:
        summary = saturation_summary(study(matrix, waves), rule, order="wave")
        assert summary.loc[0, ["interviews", "codes", "saturation"]].tolist() == [
            len(new), len(seen), point.label,
        ]  # fmt: skip


@FEW
@given(incidence, st.data(), st.sampled_from(["code", "theme"]))
def test_new_codes_per_group_and_theme(
    matrix: list[list[bool]], data: st.DataObject, level: str
) -> None:
    n = len(matrix)
    waves = data.draw(st.lists(st.integers(1, 3), min_size=n, max_size=n))
    groups = "".join(data.draw(st.lists(st.sampled_from("AB"), min_size=n, max_size=n)))
    expected = []
    for group in sorted(set(groups)):
        seen: set[int] = set()
        for _wave, i in sorted((w, i) for i, w in enumerate(waves) if groups[i] == group):
            here = {k - k % 2 if level == "theme" else k for k, on in enumerate(matrix[i]) if on}
            if here:
                expected.append((group, f"t{i + 1:02d}", len(here), len(here - seen)))
                seen |= here
    frame = new_codes(study(matrix, waves, groups), order="wave", level=level, by="grp")
    got = frame[["grp", "transcript", "codes", "new"]].values.tolist()
    assert [tuple(row) for row in got] == expected


@FEW
@given(incidence, st.data())
def test_the_curve_per_coder(matrix: list[list[bool]], data: st.DataObject) -> None:
    # Ben codes the same interviews with codes of his own (another random incidence).
    n, width = len(matrix), len(matrix[0]) if matrix else 1
    other = data.draw(st.lists(st.lists(st.booleans(), min_size=width, max_size=width),
                               min_size=n, max_size=n))  # fmt: skip
    waves = data.draw(st.lists(st.integers(1, 3), min_size=n, max_size=n))
    both = study(matrix, waves)
    both.codings = pd.concat(
        [both.codings, study(other, waves).codings.assign(coder_id=1)], ignore_index=True
    )
    both.coders = {0: "anna", 1: "ben"}
    expected = []
    for coder, rows in (("anna", matrix), ("ben", other)):
        seen: set[int] = set()
        coded = sorted((w, i) for i, w in enumerate(waves) if any(rows[i]))
        for position, (_wave, i) in enumerate(coded, start=1):
            here = {k for k, on in enumerate(rows[i]) if on}
            expected.append((coder, position, f"t{i + 1:02d}", len(here - seen)))
            seen |= here
            expected[-1] += (len(seen),)
    curve = cumulative_curve(both, order="wave", per_coder=True)
    got = curve[["series", "position", "transcript", "new", "cumulative"]].values.tolist()
    assert [tuple(row) for row in got] == expected


def test_saturation_edge_cases() -> None:
    # Threshold 0: only a run adding nothing confirms; a tie in the order is settled by name.
    matrix = [[True, True, False], [False, False, True], [True, False, False], [False] * 3,
              [True, False, False], [False, True, False]]  # fmt: skip
    frame = new_codes(study(matrix, [2, 1, 1, 1, 3, 3]), order="wave")
    assert frame["transcript"].tolist() == ["t02", "t03", "t01", "t05", "t06"]  # t04: empty
    assert frame["new"].tolist() == [1, 1, 1, 0, 0]
    assert saturation_point([1, 1, 1, 0, 0], SaturationRule(2, 2, 0.0)).label == "3+2"
    assert saturation_point([1, 1, 1, 0, 0], SaturationRule(3, 2, 0.0)).label == "3+2"
    assert saturation_point([1, 1, 1, 0], SaturationRule(3, 2, 0.0)).label == "not reached"


# -- appendix figures -----------------------------------------------------------------------


def test_appendix_counts_match_a_plain_count(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        data = load_study(project, prefer_consensus=True)
        counts = code_counts(data, "group")
        table = interviews_by_group_and_year(data)
    paths = data.codings["code_id"].map(data.codes["path"])
    groups = data.codings["transcript_id"].map(data.transcripts["group"])
    for row in counts.itertuples(index=False):
        # A code's figures include the codes below it: paths equal to it or under it.
        mine = (paths == row.code) | paths.str.startswith(f"{row.code}/")
        if row.group != "Total":
            mine &= groups == row.group
        assert row.codings == int(mine.sum()), row
        assert row.interviews == data.codings.loc[mine, "transcript_id"].nunique(), row
    by_hand = Counter(zip(data.transcripts["group"], data.transcripts["year"], strict=True))
    body = table[table["group"] != "Total"].set_index("group").drop(columns="Total")
    assert {(g, y): n for (g, y), n in body.stack().items() if n} == dict(by_hand)
    assert table.iloc[-1]["Total"] == len(data.transcripts)
