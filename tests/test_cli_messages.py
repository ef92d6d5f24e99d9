"""Messages a README reader meets on the sample study: each names what was wrong and what
there is instead, in one line with exit 2 (or a one-line warning)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import make_url

from tests.cli_project import refused, run
from workbench.errors import did_you_mean
from workbench.resources import data_dir

NGO_VALUES = "'IOM official', 'member state official', 'NGO aid worker'"


def test_a_where_value_no_transcript_has_lists_the_values(sample_db: str) -> None:
    for command in (
        ["search", "-p", sample_db, "mandate"],
        ["autocode", "-p", sample_db, "--coder", "anna", "--code", "Legitimation",
         "--speaker", "Interviewer"],
    ):  # fmt: skip
        refused(run(*command, "--where", "group=NGO"), "no transcript has group='NGO'", NGO_VALUES)
    code, out, err = run("search", "-p", sample_db, "mandate", "--where", "group=NGO aid worker")
    assert code == 0, err
    assert out and all(line.startswith("ngo_06 ") for line in out.splitlines())


def test_an_unknown_code_suggests_the_closest_names(sample_db: str, tmp_path: Path) -> None:
    meant = "did you mean 'Projectised funding'?"
    refused(
        run("search", "-p", sample_db, "donor", "--code", "Funding"), "no code 'Funding'", meant
    )
    refused(
        run("autocode", "-p", sample_db, "--coder", "anna", "--code", "funding", "--pattern", "x"),
        meant,
    )
    # The codebook's own lookup, which every other command uses.
    refused(run("segments", "-p", sample_db, "--code", "Projectized funding"), meant)
    refused(
        run("segments", "-p", sample_db, "--code", "Accountability/Internal oversite"),
        "did you mean 'Accountability/Internal oversight'",
    )
    refused(run("segments", "-p", sample_db, "--code", "zzz"), "no code 'zzz' in the codebook")


def test_did_you_mean_names_at_most_three_and_nothing_far() -> None:
    names = ["Projectised funding", "Funding cuts", "Donor funding", "Core funding", "Legitimation"]
    assert did_you_mean("funding", names).count("'") == 6
    assert did_you_mean("legitmation", names) == "; did you mean 'Legitimation'?"
    assert did_you_mean("zzz", names) == ""


def test_codings_of_a_transcript_not_imported_say_what_to_do(
    sample_db: str, tmp_path: Path
) -> None:
    codings = tmp_path / "codings.csv"
    codings.write_text(
        "transcript,coder,code,start,end\niom_03,carl,Legitimation,0,5\nnew_01,carl,Legitimation,0,5\n",
        encoding="utf-8",
    )
    refused(
        run("codings", "import", "-p", sample_db, str(codings)),
        f"{codings}:3: no transcript named 'new_01'",
        "import the transcript first, or remove its rows",
    )


def test_the_sample_folder_imports_with_a_glob(tmp_path: Path) -> None:
    """Every file `sample_transcripts/*.txt` (etc.) names is an interview: the allowlist lives
    in `settings/`."""
    folder = data_dir("sample_transcripts")
    files = sorted(str(p) for suffix in ("txt", "docx", "vtt") for p in folder.glob(f"*.{suffix}"))
    db = str(tmp_path / "study.db")
    assert run("init", "-p", db)[0] == 0
    code, out, err = run("import", "-p", db, *files, "--attributes", str(folder / "attributes.csv"))
    assert code == 0, err
    assert out.startswith("imported 8 transcripts")
    allowlist = folder / "settings" / "allowlist.txt"
    code, out, err = run("anonymise", "allow", "-p", db, "--file", str(allowlist))
    assert code == 0, err


def test_report_warns_of_an_appendix_that_is_not_there(sample_db: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, _out, err = run(
        "report", "-p", sample_db, "--out", str(out), "--appendix", "appendix.html#codes"
    )
    assert code == 0, err
    assert err.splitlines()[-1] == (
        f"warning: appendix.html#codes does not exist beside {out} (yet): its links work once "
        "`workbench appendix --out` writes it there"
    )
    (tmp_path / "appendix.html").write_text("<html></html>", encoding="utf-8")
    for appendix in ("appendix.html", "https://example.org/appendix.html"):
        code, _out, err = run(
            "report", "-p", sample_db, "--out", str(out), "--force", "--appendix", appendix
        )
        assert code == 0, err
        assert "warning" not in err


def test_cooccurrence_numbers_the_codes_on_screen_and_names_them_in_csv(sample_db: str) -> None:
    code, out, err = run("cooccurrence", "-p", sample_db, "--within", "utterance")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[1].split()[:4] == ["code", "1", "2", "3"]
    assert lines[2].split()[:2] == ["1", "Legitimation"]
    assert lines[3].split()[:3] == ["2", "Normative", "claims"]
    assert max(len(line) for line in lines) < 130  # full paths across: 721
    code, out, err = run("cooccurrence", "-p", sample_db, "--within", "utterance", "--csv", "-")
    assert code == 0, err
    assert out.splitlines()[0].startswith("code,Legitimation,Legitimation/Normative claims,")


def test_counts_of_one_are_singular(sample_db: str) -> None:
    code, out, err = run("transcripts", "mark", "-p", sample_db, "--coder", "anna", "iom_03")
    assert (code, out) == (0, "anna: 1 transcript done\n"), err
    code, out, err = run(
        "disagreements", "-p", sample_db, "--coders", "anna,ben", "--code", "Legitimation"
    )
    assert code == 0, err
    assert out.splitlines()[-1] == "1 disagreement (utterance unit)"


def test_a_postgresql_database_that_does_not_exist_says_createdb() -> None:
    base = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("PostgreSQL store tests need WORKBENCH_TEST_POSTGRES_URL (CI sets it)")
    name = f"wb_missing_{uuid.uuid4().hex[:8]}"
    typed = make_url(base)._replace(database=name)  # as the user would type it
    with_password = typed.set(password="secret").render_as_string(hide_password=False)
    shown = typed._replace(password=None).render_as_string(hide_password=False)
    refused(
        run("init", "-p", with_password),
        f"error: cannot open {shown}: the database '{name}' does not exist on the server; "
        f"create it first (createdb {name})",
    )
