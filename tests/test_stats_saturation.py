"""Thematic saturation (Guest, Namey & Chen 2020): the paper's illustration, hand-counted
cases, the sample study counted by hand, the command, and properties of the runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_project import make_project, refused, run
from hypothesis import given
from hypothesis import strategies as st

from workbench.errors import WorkbenchError
from workbench.stats.data import load_study
from workbench.stats.saturation import (
    SaturationRule,
    assess,
    cumulative_curve,
    new_codes,
    run_table,
    saturation_point,
    saturation_summary,
    saturation_table,
)
from workbench.store.project import Project

SAMPLE_ORDER = ["ms_01", "ex_02", "un_02", "iom_03", "hr_05", "ngo_06", "iom_13", "iom_17"]


def test_the_papers_illustration() -> None:
    # Guest, Namey & Chen (2020), the worked example: the base (interviews 1-4) holds 37
    # unique themes and the first run (interviews 5 and 6) adds 7, i.e. 7/37 = 19% new
    # information, above the 5% threshold. The paper's full text was out of reach; these
    # totals are as summaries of the paper quote them, and the split of the 37 over the four
    # base interviews (and of the 7 over the run) is ours: the ratio uses only the totals.
    runs = run_table([20, 9, 5, 3, 4, 3], SaturationRule())
    first = runs.iloc[0]
    assert (first["first"], first["last"]) == (5, 6)
    assert (first["new_in_run"], first["base_codes"]) == (7, 37)
    assert round(first["new_info_pct"]) == 19
    assert not first["meets_threshold"]
    assert saturation_point([20, 9, 5, 3, 4, 3]).label == "not reached"


def test_rolling_runs_slide_one_interview_at_a_time() -> None:
    new = [5, 3, 1, 0, 1, 0, 0]  # base 9 codes; runs 5-6: 1 (11%), 6-7: 0 (0%)
    runs = run_table(new, SaturationRule(4, 2, 5.0))
    assert runs[["first", "last", "new_in_run"]].values.tolist() == [[5, 6, 1], [6, 7, 0]]
    assert runs["meets_threshold"].tolist() == [False, True]
    point = saturation_point(new, SaturationRule(4, 2, 5.0))
    assert (point.reached, point.interviews, point.label) == (True, 5, "5+2")


def test_fixed_runs_do_not_overlap() -> None:
    new = [5, 3, 1, 0, 1, 0, 0, 0]
    rule = SaturationRule(4, 2, 5.0, runs="fixed")
    assert run_table(new, rule)[["first", "last"]].values.tolist() == [[5, 6], [7, 8]]
    assert saturation_point(new, rule).label == "6+2"
    assert saturation_point(new[:7], rule).label == "not reached"


def test_the_threshold_is_at_most_and_counted_exactly() -> None:
    base = [10, 10, 10, 10]  # 40 codes: 5% admits 2 new ones, not 3
    assert saturation_point([*base, 1, 1]).label == "4+2"
    assert saturation_point([*base, 2, 1]).label == "not reached"
    assert saturation_point([*base, 1, 1], SaturationRule(threshold=0)).label == "not reached"
    assert saturation_point([*base, 0, 0], SaturationRule(threshold=0)).label == "4+2"


def test_too_few_interviews_or_an_empty_base_is_not_reached() -> None:
    short = saturation_point([3, 1, 0, 0, 0])
    assert not short.reached and "5 interviews" in short.why
    assert saturation_point([0, 0, 0, 0, 0, 0]).why == "the base holds no code"


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (dict(base=0), "--base"),
        (dict(run=0), "--run"),
        (dict(threshold=120), "--threshold"),
        (dict(runs="sliding"), "runs"),
    ],
)
def test_bad_rules_are_refused(rule: dict[str, object], words: str) -> None:
    with pytest.raises(WorkbenchError, match=words):
        SaturationRule(**rule)  # type: ignore[arg-type]


@given(
    st.lists(st.integers(0, 30), min_size=0, max_size=25),
    st.integers(1, 6),
    st.integers(1, 4),
    st.sampled_from([0.0, 5.0, 10.0, 50.0]),
    st.sampled_from(["rolling", "fixed"]),
)
def test_the_point_is_the_first_run_that_meets_the_threshold(
    new: list[int], base: int, run_length: int, threshold: float, runs: str
) -> None:
    rule = SaturationRule(base, run_length, threshold, runs)
    table = run_table(new, rule)
    point = saturation_point(new, rule)
    base_codes = sum(new[:base])
    for row in table.itertuples():
        assert row.new_in_run == sum(new[row.first - 1 : row.last])
        within = row.new_in_run * 100 <= threshold * base_codes
        assert row.meets_threshold == (base_codes > 0 and within)
        assert row.first > base and row.last <= len(new)
    met = table[table["meets_threshold"]]
    assert point.reached == (not met.empty)
    if point.reached:
        assert point.interviews == met["first"].iloc[0] - 1
        assert point.interviews >= base and point.interviews + run_length <= len(new)


# -- the sample study ---------------------------------------------------------------------


def test_sample_study_by_interview_number(sample_db: str) -> None:
    # Counted by hand from sample_transcripts/codings_*.csv, both coders pooled, interviews
    # by `number` (ties by name): ms_01 holds 20 distinct codes; ex_02 adds
    # Legitimation/UN system status; none of the other six adds one. Base 21, runs add 0.
    with Project.open(sample_db) as project:
        data = load_study(project, prefer_consensus=True)
        frame = new_codes(data, order="number")
        summary = saturation_summary(data, order="number")
        table = saturation_table(data, order="number")
    assert frame["transcript"].tolist() == SAMPLE_ORDER
    assert frame["new"].tolist() == [20, 1, 0, 0, 0, 0, 0, 0]
    assert frame["cumulative"].tolist() == [20, 21, 21, 21, 21, 21, 21, 21]
    assert frame.at[1, "new_codes"] == "Legitimation/UN system status"
    assert summary.loc[0, ["interviews", "codes", "base_codes", "saturation"]].tolist() == [
        8, 21, 21, "4+2",
    ]  # fmt: skip
    assert table["run"].tolist() == ["", "", "", "", "5-6", "6-7", "7-8", ""]
    assert table["new_in_run"].tolist()[:5] == [None, None, None, None, 0]


def test_an_assessment_says_the_order_it_took_the_interviews_in(sample_db: str) -> None:
    # The screens and the appendix say the order that was used, not one chosen again.
    with Project.open(sample_db) as project:
        data = load_study(project, prefer_consensus=True)
        found = assess(data, SaturationRule(), by="group")
        table = saturation_table(data, by="group")
        summary = saturation_summary(data, by="group")
    assert found.order.attribute == "year"  # as conducted: `group` orders nothing
    assert "year" in found.table.columns
    assert found.table.equals(table) and found.summary.equals(summary)
    assert found.describe() == (
        "base 4, runs of 2 (rolling), new information <= 5%; "
        "order: year (when conducted; ties by transcript name)"
    )


def test_sample_study_per_group_and_per_coder(sample_db: str) -> None:
    rule = SaturationRule(base=1, run=1, threshold=0)
    with Project.open(sample_db) as project:
        data = load_study(project, prefer_consensus=True)
        summary = saturation_summary(data, rule, order="number", by="group").set_index("group")
        curve = cumulative_curve(data, order="number", per_coder=True)
    # IOM officials by number: iom_03 (17 codes), iom_13 adds 1, iom_17 adds none.
    assert summary.loc["IOM official", "saturation"] == "2+1"
    assert summary.loc["member state official", "saturation"] == "not reached"
    anna = curve[curve["series"] == "anna"]
    assert anna["new"].tolist() == [17, 2, 2, 0, 0, 0, 0, 0]
    for _name, series in curve.groupby("series"):
        assert series["cumulative"].is_monotonic_increasing
        assert series["cumulative"].tolist() == series["new"].cumsum().tolist()


def test_order_needs_a_value_for_every_interview(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        data = load_study(project)
        with pytest.raises(WorkbenchError, match="no attribute 'date'"):
            new_codes(data, order="date")
        data.transcripts.loc[data.transcripts["name"] == "hr_05", "year"] = ""
        with pytest.raises(WorkbenchError, match="--order year: no value for hr_05"):
            new_codes(data, order="year")


# -- the command --------------------------------------------------------------------------


def test_cli_table_csv_and_picture(sample_db: str, tmp_path: Path) -> None:
    code, out, err = run("saturation", "-p", sample_db, "--order", "number")
    assert code == 0, err
    assert "saturation 4+2; 21 codes in 8 interviews, 21 in the base" in out
    csv_file, png_file = tmp_path / "s.csv", tmp_path / "s.png"
    code, _out, err = run(
        "saturation", "-p", sample_db, "--order", "number", "--csv", str(csv_file),
        "--png", str(png_file),
    )  # fmt: skip
    assert code == 0, err
    lines = csv_file.read_text(encoding="utf-8").splitlines()
    assert lines[0] == (
        "position,transcript,number,codes,new,cumulative,run,new_in_run,new_info_pct,"
        "meets_threshold,new_codes,coders"
    )
    assert lines[5] == '5,hr_05,5,15,0,21,5-6,0,0.0000,1,,"anna,ben"'
    assert png_file.read_bytes().startswith(b"\x89PNG")


def test_cli_refuses_bad_options(sample_db: str) -> None:
    refused(run("saturation", "-p", sample_db, "--threshold", "101"), "--threshold")
    refused(run("saturation", "-p", sample_db, "--order", "colour"), "no attribute 'colour'")
    refused(run("saturation", "-p", sample_db, "--by", "year", "--order", "year"), "--by year")


def test_cli_pictures_per_group_and_per_coder(sample_db: str, tmp_path: Path) -> None:
    for option in ("--by=group", "--per-coder"):
        out = tmp_path / f"{option.strip('-').split('=')[0]}.svg"
        code, _text, err = run("saturation", "-p", sample_db, "--order", "number", option,
                              "--png", str(out))  # fmt: skip
        assert code == 0, err
        svg = out.read_text(encoding="utf-8")
        # Text stays text in SVG: the legend names each series with its saturation label.
        assert ("IOM official (not reached)" if "by" in option else "anna (4+2)") in svg


def test_cli_with_no_coded_interview_says_so(tmp_path: Path) -> None:
    db = make_project(tmp_path)
    png = tmp_path / "none.png"
    code, out, err = run("saturation", "-p", db, "--png", str(png))
    assert code == 0, err
    assert "saturation not reached (no coded interview)" in out
    assert "Warning" not in err and png.read_bytes().startswith(b"\x89PNG")
