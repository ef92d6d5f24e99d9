"""The bundled sample study: its interviews, and building a project from them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbench.resources import data_dir

if TYPE_CHECKING:
    from workbench.store.project import Project

SAMPLE_CODEBOOK = "iom_mandate.yaml"
SAMPLE_CODERS = ("anna", "ben")


def sample_files() -> list[Path]:
    """The interviews: files whose name `attributes.csv` lists (not `settings/`, say)."""
    from workbench.ingest import SUPPORTED_SUFFIXES
    from workbench.text.csvfile import read_rows

    folder = data_dir("sample_transcripts")
    _header, rows = read_rows(folder / "attributes.csv", ("transcript",))
    names = {row["transcript"] for _line, row in rows}
    return sorted(
        p for p in folder.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES and p.stem in names
    )


def build_sample_project(location: str) -> Project:
    """A project with the sample codebook, transcripts (through the gate), and both coders."""
    from workbench.anonymise.check import allow
    from workbench.codebook import service
    from workbench.codebook.files import load_codebook
    from workbench.coding.status import set_status
    from workbench.exchange.codings_csv import import_codings
    from workbench.store.project import Project
    from workbench.text.infile import read_regular_file
    from workbench.transcripts.importer import import_transcripts

    folder = data_dir("sample_transcripts")
    project = Project.init(location, actor="demo")
    try:
        service.load(
            project, load_codebook(data_dir("codebooks") / SAMPLE_CODEBOOK), SAMPLE_CODEBOOK
        )
        import_transcripts(project, sample_files(), attributes=folder / "attributes.csv")
        allowlist = folder / "settings" / "allowlist.txt"
        if allowlist.exists():
            words = read_regular_file(allowlist, cannot_read="cannot read the sample's allowlist")
            allow(project, words.decode("utf-8").split())
        for coder in SAMPLE_CODERS:
            codings = folder / f"codings_{coder}.csv"
            if codings.exists():
                import_codings(project, codings)
                for transcript in project.transcripts():
                    set_status(project, transcript.name, coder, "done")
    except BaseException:
        project.close()
        raise
    return project
