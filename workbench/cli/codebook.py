"""`workbench codebook ...`: load, show, export, and the recorded evolution of codes."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.base import (
    check_outputs,
    force_option,
    gate_options,
    main,
    open_project,
    project_option,
    write_output,
    write_outputs,
)
from workbench.errors import one_line
from workbench.text.words import counted

TIMELINE_CAPTION = (
    "a row per codebook load; a line per code created or changed since, from its creation to "
    "its merge or retirement; times in UTC"
)
WHY = click.option("--why", required=True, help="Why (kept in the audit log).")


@main.group()
def codebook() -> None:
    """The codebook: load, show, export, add, split, rename, move, merge, retire, log, history."""


@codebook.command("load")
@project_option
@click.argument("file", type=click.Path(path_type=Path))
@gate_options("the codebook's texts")
def codebook_load(
    project: str, file: Path, pseudonyms: Path | None, allow_identifiers: bool
) -> None:
    """Load a YAML or REFI-QDA (.qdc) codebook (adds new codes, updates existing ones, deletes
    none); its names and texts pass the anonymisation gate."""
    from workbench.exchange.codebook_gate import load_screened

    if file.suffix.lower() in (".qdpx", ".qde"):
        from workbench.errors import WorkbenchError

        raise WorkbenchError(
            "a REFI-QDA project, not a codebook: `workbench import` brings it in, codebook "
            "included (or export its codebook as .qdc)",
            source=str(file),
        )
    if file.suffix.lower() == ".qdc":
        from workbench.exchange.qdpx_files import load_qdc

        with open_project(project) as store:
            created, updated, notes = load_qdc(
                store, file, pseudonyms=pseudonyms, allow_identifiers=allow_identifiers
            )
        click.echo(f"codebook {file.name}: {counted(created, 'code')} added, {updated} updated")
        for note in notes:
            click.echo(f"  note: {note}")
        return
    with open_project(project) as store:
        spec, created, updated = load_screened(
            store, file, pseudonyms=pseudonyms, allow_identifiers=allow_identifiers
        )
    click.echo(f"codebook '{spec.name}': {counted(created, 'code')} added, {updated} updated")


@codebook.command("show")
@project_option
def codebook_show(project: str) -> None:
    """The code tree with shortcut keys and coding counts per coder."""
    from workbench.codebook import reading

    with open_project(project) as store:
        codes = reading.codes(store)
        counts = reading.coding_counts(store)
        name = store.setting("codebook.name", "Codebook")
    if not codes:
        click.echo("the codebook is empty; load one with `workbench codebook load`")
        return
    click.echo(name)
    for code in codes:
        per_coder = counts.get(code.path, {})
        total = sum(per_coder.values())
        key = f"[{code.key}] " if code.key else "    "
        label = f"{'  ' * code.depth}{key}{code.name}"
        status = ""
        if code.status == "merged":
            status = f"  (merged into {code.merged_into})"
        elif code.status == "retired":
            status = "  (retired)"
        detail = ", ".join(f"{coder} {n}" for coder, n in sorted(per_coder.items()))
        detail = f"  ({detail})" if detail else ""
        click.echo(f"  {label:<48} {total:>5}{detail}{status}")


@codebook.command("export")
@project_option
@click.option(
    "--format", "fmt", type=click.Choice(["yaml", "csv"]), default="yaml", show_default=True
)
@click.option("--out", type=click.Path(path_type=Path), help="File to write (default: stdout).")
@force_option
def codebook_export(project: str, fmt: str, out: Path | None) -> None:
    """Write the codebook as YAML (loadable again, retired and merged codes marked) or CSV
    (every code, with status)."""
    from workbench.codebook import export

    with open_project(project) as store:
        text = export.export_yaml(store) if fmt == "yaml" else export.export_csv(store)
    write_output(text, out)


@codebook.command("rename")
@project_option
@click.argument("code")
@click.argument("new_name")
@WHY
def codebook_rename(project: str, code: str, new_name: str, why: str) -> None:
    """Rename CODE (a name or Parent/Child path) to NEW_NAME."""
    from workbench.codebook import service

    with open_project(project) as store:
        path = service.rename(store, code, new_name, why)
    click.echo(f"renamed to {path}")


@codebook.command("move")
@project_option
@click.argument("code")
@click.option("--under", "parent", help="New parent code (omit for the top level).")
@WHY
def codebook_move(project: str, code: str, parent: str | None, why: str) -> None:
    """Move CODE (and its children) under another code, or to the top level."""
    from workbench.codebook import service

    with open_project(project) as store:
        path = service.move(store, code, parent, why)
    click.echo(f"moved to {path}")


@codebook.command("merge")
@project_option
@click.argument("source")
@click.argument("target")
@WHY
def codebook_merge(project: str, source: str, target: str, why: str) -> None:
    """Merge SOURCE into TARGET: its codings move to TARGET; SOURCE stays in history."""
    from workbench.codebook import service

    with open_project(project) as store:
        moved = service.merge(store, source, target, why)
    click.echo(f"merged {source} into {target}: {counted(moved, 'coding')} moved")


@codebook.command("retire")
@project_option
@click.argument("code")
@WHY
def codebook_retire(project: str, code: str, why: str) -> None:
    """Stop offering CODE for coding; its codings are kept and still count."""
    from workbench.codebook import service

    with open_project(project) as store:
        path = service.retire(store, code, why)
    click.echo(f"retired {path}")


@codebook.command("add")
@project_option
@click.argument("path")
@click.option("--key", help="Shortcut key on the coding screen: one digit or letter.")
@click.option("--colour", help="Colour of its spans, #rrggbb.")
@click.option("--description", default="", help="What the code means (its definition).")
@click.option("--why", default="", help="Why (kept in the audit log).")
def codebook_add(
    project: str, path: str, key: str | None, colour: str | None, description: str, why: str
) -> None:
    """Add a code at PATH: a name for a top-level code, Parent/Child under an existing one."""
    from workbench.codebook import service

    with open_project(project) as store:
        code = service.create(store, path, why=why, key=key, colour=colour, description=description)
    click.echo(f"added {code.path}" + (f" [{code.key}]" if code.key else ""))


@codebook.command("log")
@project_option
@click.option("--code", help="Only the changes of this code (a name or path), under any name.")
def codebook_log(project: str, code: str | None) -> None:
    """The codebook's audit trail: when (UTC), who, what, detail and why."""
    from workbench.cli.history import echo_events
    from workbench.codebook.history import code_log

    with open_project(project) as store:
        events = code_log(store, code)
    echo_events(events)


@codebook.command("split")
@project_option
@click.argument("code")
@click.argument("new")
@click.option(
    "--move-if",
    "pattern",
    metavar="PATTERN",
    help="Move the codings whose passage matches this regular expression (any case).",
)
@click.option(
    "--codings-from",
    "chosen",
    type=click.Path(path_type=Path),
    help="Move the codings this CSV names (transcript,coder,start,end; e.g. `codings export`).",
)
@WHY
def codebook_split(
    project: str, code: str, new: str, pattern: str | None, chosen: Path | None, why: str
) -> None:
    """Split CODE into a new code NEW (a name beside CODE, or a Parent/Child path): the chosen
    codings move to NEW, the rest stay on CODE."""
    from workbench.codebook.split import read_chosen, split

    codings_named = read_chosen(chosen) if chosen is not None else None
    with open_project(project) as store:
        result = split(
            store, code, new, why, pattern=pattern, chosen=codings_named, source=str(chosen)
        )
    click.echo(
        f"split {code} into {result.new_path}: {counted(result.moved, 'coding')} moved, "
        f"{result.stayed} stayed"
    )


@codebook.command("edit")
@project_option
@click.argument("code")
@click.option("--name", help="New name (a rename, logged as one).")
@click.option("--key", help="Shortcut key: one digit or letter ('' removes it).")
@click.option("--colour", help="Colour, #rrggbb ('' removes it).")
@click.option("--description", help="Definition.")
@WHY
def codebook_edit(
    project: str,
    code: str,
    name: str | None,
    key: str | None,
    colour: str | None,
    description: str | None,
    why: str,
) -> None:
    """Change CODE's name, key, colour or definition at once (what is not given stays)."""
    from workbench.codebook import service

    with open_project(project) as store:
        current = service.code_info(store, code)
        edited = service.edit(
            store,
            code,
            why,
            name=current.name if name is None else name,
            key=current.key if key is None else key,
            colour=current.colour if colour is None else colour,
            description=current.description if description is None else description,
        )
    click.echo(f"edited {edited.path}")


@codebook.command("history")
@project_option
@click.option(
    "--csv",
    "csv_out",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Write the changes as CSV to this file ('-' for stdout).",
)
@click.option(
    "--png",
    "png_out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Draw the timeline to this file (.png or .svg).",
)
@force_option
def codebook_history(project: str, csv_out: Path | None, png_out: Path | None) -> None:
    """How the codebook grew: each codebook load (one line, with how many codes it added),
    when each code was created (in vivo or not), renamed, moved, edited, merged, split or
    retired, by whom, why, and how many codings it had then."""
    from workbench.codebook.evolution import (
        EVENT_COLUMNS,
        LOADED,
        UPDATED,
        codebook_evolution,
        evolution_events,
    )
    from workbench.codebook.evolution_chart import evolution_chart
    from workbench.stats.charts import chart_format
    from workbench.stats.export import csv_text

    check_outputs(png_out, csv_out)
    fmt = chart_format(png_out) if png_out is not None else ""
    with open_project(project) as store:
        evolution = codebook_evolution(store)
    outputs: list[tuple[str | bytes, Path | None]] = []
    if png_out is not None:
        outputs.append((evolution_chart(evolution, fmt, caption=TIMELINE_CAPTION), png_out))
    events = evolution_events(evolution)
    if csv_out is not None:
        outputs.append((csv_text(events[EVENT_COLUMNS]), csv_out))
    write_outputs(*outputs)
    if csv_out is not None:
        return
    if events.empty:
        click.echo("no codebook changes logged")
        return
    for row in events.itertuples(index=False):
        parts = [f"{row.at:%Y-%m-%d %H:%M:%S}", row.actor]
        if row.change in (LOADED, UPDATED):  # `codebook show` lists a load's codes
            click.echo(one_line("  ".join([*parts, row.why])))
            continue
        parts += ["created in vivo" if row.in_vivo else row.change, row.code]
        if row.was != row.code:
            parts.append(f"(then {row.was})")
        if row.to and row.change != "created":
            parts.append(f"-> {row.to}")
        parts.append(counted(int(row.codings), "coding"))
        if row.why:
            parts.append(f"why: {row.why}")
        click.echo(one_line("  ".join(parts)))
