"""The ``actorgraph`` command: a thin shell over the Python API.

Each command opens the dataset, makes one library call and prints the answer as a table,
CSV or JSON. ``--format json`` prints JSON only. actorgraph's own errors (bad data, an
unknown name, a refused query …) go to stderr as one line (or a list of problems) with exit
code 1; anything else is a bug, shown with its traceback and how to report it (exit code 2).
What the loader warns about goes to stderr as ``warning: …`` lines; a dataset that loads but
states no claim ends the command with exit code 3 once its output is printed (success, but
not with data). Output piped into a command that stops reading (``| head``) ends quietly,
with exit code 141 (as a shell reports a program its reader stopped: 128 + SIGPIPE).
Text printed as a table, and every message, shows control and bidirectional control
characters as escapes (``\u202e``): data cannot move the cursor or reorder a line.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import sys
import warnings
from pathlib import Path

import click

from ._csvcell import spreadsheet_safe
from ._exceptions import ActorGraphError
from ._unicode import terminal_text

FORMATS = click.Choice(["table", "csv", "json"])


REPORT_BUGS = "https://github.com/actorgraph/actorgraph/issues"
#: The exit code of a command whose dataset loaded but states no claim.
NO_CLAIMS = 3
#: The exit code of a command whose reader stopped reading (``| head``): 128 + SIGPIPE.
STDOUT_CLOSED = 141


def _terminal(text: str) -> str:
    """Each line of ``text`` as :func:`terminal_text` shows it."""
    return "\n".join(terminal_text(line) for line in text.split("\n"))


DEFAULT_TIMEOUT = 60.0  # seconds a query may run from the command line
DEFAULT_MAX_ROWS = 10_000  # rows (or triples) a query prints from the command line


#: What the command line says instead of the library's advice to pass a keyword argument
#: (:attr:`ActorGraphError.argument`), which its users cannot do.
COMMAND_LINE_ADVICE = {
    "overwrite": "choose another path or pass --overwrite",
    "allow_service": "the command line never allows SERVICE: to query an endpoint you trust, "
                     "run the query from Python with g.query(text, allow_service=True)",
    "allow_dataset": "the command line never allows FROM: to use it, run the query from "
                     "Python with g.query(text, allow_dataset=True)",
}


def _message(exc: ActorGraphError) -> str:
    """The library's message, with its advice to pass a keyword argument (``overwrite=True``)
    told as the command line has it (``--overwrite``)."""
    advice = COMMAND_LINE_ADVICE.get(exc.argument)
    return str(exc) if advice is None else f"{exc.reason}; {advice}"


def _fail(message: str, code: int = 1):
    click.echo(f"error: {_terminal(message)}", err=True)
    sys.exit(code)


@contextlib.contextmanager
def _loading():
    """Warnings raised while loading, each shown as one ``warning: …`` line on stderr (not
    as Python's report with a file and line of our code); a dataset with no claim marks the
    command for exit code :data:`NO_CLAIMS`."""
    from ._load import NoClaimsWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        if not issubclass(w.category, UserWarning):  # a library's: as Python would show it
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
            continue
        click.echo(f"warning: {_terminal(str(w.message))}", err=True)
        if issubclass(w.category, NoClaimsWarning):
            click.get_current_context().meta["actorgraph.no_claims"] = True


def handle_errors(fn):
    """Turn actorgraph's own exceptions into a clean message on stderr (exit code 1), and
    Ctrl-C into exit code 130; anything else is a bug: its traceback is shown, with how to
    report it (exit code 2)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            result = fn(*args, **kwargs)
            if click.get_current_context().meta.get("actorgraph.no_claims"):
                sys.exit(NO_CLAIMS)
            return result
        except ActorGraphError as exc:
            _fail(_message(exc))
        except KeyboardInterrupt:
            _fail("interrupted; nothing was changed", 130)
        except MemoryError:
            _fail("ran out of memory; for large graphs use the Oxigraph store on disk "
                  "(--store oxigraph:PATH), which holds the data outside memory")
        except (click.exceptions.Exit, click.ClickException, BrokenPipeError, SystemExit):
            raise
        except Exception:  # noqa: BLE001 - a bug: shown whole, never as a tidy message
            import traceback

            traceback.print_exc()
            _fail("this is a bug in actorgraph, not a problem with your data; please report "
                  f"it at {REPORT_BUGS} with the command you ran and the traceback above", 2)

    return wrapper


def dataset_options(fn):
    """``--dataset`` and ``--store``, shared by every command that reads a graph."""
    fn = click.option("--store", default=None, metavar="SPEC",
                      help="memory | oxigraph | oxigraph:PATH | sparql+http://host:port/…")(fn)
    fn = click.option("--dataset", "-d", "dataset", multiple=True, metavar="PATH",
                      help="Dataset folder or RDF file (default: the bundled Libya 2019 "
                           "data); repeat it to merge several.")(fn)
    return fn


def _datasets(dataset: tuple[str, ...]):
    """What ``--dataset`` gave: nothing (the default), one path, or several to merge."""
    if not dataset:
        return None
    return dataset[0] if len(dataset) == 1 else list(dataset)


def _open(dataset, store):
    from ._load import load

    with _loading():
        graph = load(_datasets(dataset), store=store)
    for warning in graph.warnings:
        click.echo(f"warning: {_terminal(str(warning))}", err=True)
    return graph


def _plain(value):
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    return "" if value is None else str(value)


def _csv_cell(value) -> str:
    """A cell of CSV output: plain text that a spreadsheet will not run as a formula."""
    return spreadsheet_safe(_plain(value))


def emit(rows: list[dict], fmt: str, *, columns: list[str] | None = None, width: int = 60) -> None:
    """Print rows (dicts) as an aligned table, CSV or JSON."""
    columns = columns or list(dict.fromkeys(k for row in rows for k in row))
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(row.get(c)) for c in columns])
        click.echo(out.getvalue(), nl=False)
        return
    if not rows:
        click.echo("(no results)")
        return
    cells = [[terminal_text(_plain(row.get(c)).replace("\n", " ")) for c in columns]
             for row in rows]
    cells = [[c if len(c) <= width else c[: width - 1] + "…" for c in r] for r in cells]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(columns)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(columns, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for r in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


@contextlib.contextmanager
def _quiet_when_the_reader_stops():
    """A write to a pipe whose reader stopped (``| head``) ends the command quietly, with
    exit code :data:`STDOUT_CLOSED`; stdout goes to the null device, so that Python does not
    complain when it flushes it at exit."""
    try:
        yield
    except BrokenPipeError:
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(STDOUT_CLOSED)


class _Commands(click.Group):
    """click's group, but a reader that stops ends any command (and ``--help``) as
    :func:`_quiet_when_the_reader_stops` has it: click would catch the broken pipe first
    and exit 1, the code of actorgraph's errors."""

    def make_context(self, info_name, args, parent=None, **extra):
        with _quiet_when_the_reader_stops():
            return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx):
        with _quiet_when_the_reader_stops():
            return super().invoke(ctx)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="actorgraph")
def cli():
    """Knowledge graphs of conflict actors and alliances: sourced, dated, graded claims.

    \b
    Example:
        actorgraph related LNA --relation backs --direction in
    """


@cli.command()
@dataset_options
@click.option("--format", "fmt", type=FORMATS, default="table")
@handle_errors
def info(dataset, store, fmt):
    """Summarise a dataset: store in use, counts by relation, certainty and kind.

    \b
    Example:
        actorgraph info --format json
    """
    summary = _open(dataset, store).info()
    if fmt == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    rows = [{"field": k, "value": ", ".join(f"{a}: {b}" for a, b in v.items())
             if isinstance(v, dict) else v} for k, v in summary.items()]
    emit(rows, fmt, width=200)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--dataset", "-d", "dataset", multiple=True, metavar="PATH",
              help="A dataset to check (the same as PATH); repeat it to check several merged.")
@click.option("--no-shacl", is_flag=True, help="Run the loader's checks only.")
@click.option("--strict", is_flag=True, help="Warnings fail the check too (exit 1).")
@click.option("--format", "fmt", type=FORMATS, default="table")
@handle_errors
def validate(paths, dataset, no_shacl, strict, fmt):
    """Check a dataset with the loader and the SHACL shapes; exit 1 on any problem.

    Every problem is reported with file, line and field, and so are two actors that share
    a name (a label or an alias). Warnings (ids that differ only in case, names that look
    alike, a cycle of part_of claims, bidirectional controls in text) are listed too, and
    fail the check only with --strict. A dataset with no claim exits 3.

    \b
    Examples:
        actorgraph validate data/libya-2019
        actorgraph validate --dataset data/libya-2019 --dataset more/
    """
    from ._validate import validate as run

    if paths and dataset:
        raise click.UsageError("give the datasets once: as PATH or as --dataset")
    with _loading():
        report = run(_datasets(tuple(paths) or dataset), shacl=not no_shacl)
    if fmt == "table":
        click.echo(_terminal(str(report)))
    else:
        emit([{"level": "problem", "file": p.file, "line": p.line, "record": p.record,
               "field": p.field, "message": p.message, "hint": p.hint}
              for p in report.problems]
             + [{"level": "warning", "message": w} for w in report.warnings], fmt)
    if not report.ok or (strict and report.warnings):
        sys.exit(1)


def _bindings(graph, values: tuple[str, ...]) -> dict:
    out = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: write NAME=VALUE", param_hint="--bind")
        out[name] = value
    return out


def _term_text(term) -> str | None:
    return None if term is None else str(term)


@cli.command()
@dataset_options
@click.option("-e", "--expression", help="The SPARQL query text.")
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False),
              help="A file holding the query.")
@click.option("-n", "--name", help="A named query shipped with actorgraph (see --list).")
@click.option("--bind", "binds", multiple=True, metavar="NAME=VALUE",
              help="A value for a named query's parameter (actors by id, label or alias).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries.")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT,
              show_default=True, metavar="SECONDS",
              help="Stop the query after this long, with an error (0: no limit).")
@click.option("--max-rows", type=click.IntRange(min=0), default=DEFAULT_MAX_ROWS,
              show_default=True, metavar="N",
              help="Print at most N rows (or triples), and say so if more were left out "
                   "(0: no cap).")
@click.option("--format", "fmt", type=FORMATS, default="table")
@handle_errors
def query(dataset, store, expression, query_file, name, binds, list_queries, timeout,
          max_rows, fmt):
    """Run a SPARQL query (prefixes ag:, rdfs:, skos:, prov:, … pre-bound).

    SERVICE, FROM, LOAD and updates are refused. CONSTRUCT and DESCRIBE print Turtle
    (or N-Triples with --format csv). A query past --timeout is stopped (no partial
    answer); past --max-rows the answer is cut, and stderr (and, with --format json, the
    "truncated" field) says so. JSON output of a SELECT is {"vars", "rows", "truncated"}.

    \b
    Examples:
        actorgraph query -e 'SELECT ?b WHERE { ?b ag:backs actor:LNA }' --format csv
        actorgraph query --name backers --bind actor=LNA
        actorgraph query --list
    """
    from ._sparql import named_queries

    if list_queries:
        emit([{"name": q.name, "parameters": ", ".join(f"{k} ({v})" for k, v in q.params.items()),
               "description": q.description} for q in named_queries().values()], fmt, width=100)
        return
    given = [x for x in (expression, query_file, name) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of -e TEXT, -f FILE or --name NAME")
    if binds and not name:
        raise click.UsageError("--bind works with --name; bind values in Python with g.query()")
    limits = {"timeout": timeout or None, "max_rows": max_rows or None}
    graph = _open(dataset, store)
    if name:
        result = graph.named_query(name, **limits, **_bindings(graph, binds))
    else:
        text = expression or Path(query_file).read_text(encoding="utf-8")
        result = graph.query(text, **limits)
    if result.truncated:
        what = "rows" if result.graph is None else "triples"
        click.echo(f"warning: only the first {max_rows:,} {what} are shown; more were left "
                   "out (raise --max-rows, or 0 for all)", err=True)
    if result.form == "ASK":
        emit([{"answer": result.boolean}], fmt)
    elif result.graph is not None:
        click.echo(result.graph.serialize(format="nt" if fmt == "csv" else "turtle"))
    elif fmt == "json":
        click.echo(json.dumps({"vars": result.vars, "rows": [
            {v: _term_text(t) for v, t in zip(result.vars, row)} for row in result.rows],
            "truncated": result.truncated}, ensure_ascii=False, indent=2))
    else:
        emit([{v: _term_text(t) for v, t in zip(result.vars, row)} for row in result.rows], fmt,
             columns=result.vars)


def _actor_rows(actors) -> list[dict]:
    return [a.to_dict() for a in actors]


def _claim_rows(claims) -> list[dict]:
    return [c.to_dict() for c in claims]


CLAIM_COLUMNS = ["id", "subject", "relation", "object", "start", "end", "certainty",
                 "attributed_to", "via", "quote"]


def filter_options(fn):
    """Options shared by related, claims and render."""
    fn = click.option("--min-certainty", metavar="GRADE",
                      help="Keep claims at least this certain (confirmed, probable, possible…).")(fn)
    fn = click.option("--as-of", metavar="DATE",
                      help="Keep claims in force on this date (2019, 2019-08 or 2019-08-15).")(fn)
    fn = click.option("--include-subrelations/--exact", "-s", "include_subrelations",
                      default=True, show_default=True,
                      help="A relation keeps its sub-relations (backs: arms, trains, …), or "
                           "--exact: only the relations named.")(fn)
    return fn


@cli.command()
@click.argument("name")
@dataset_options
@click.option("--relation", "-r", "relations", multiple=True, help="Relation name (repeatable).")
@click.option("--direction", type=click.Choice(["out", "in", "both"]), default="out",
              show_default=True)
@filter_options
@click.option("--format", "fmt", type=FORMATS, default="table")
@handle_errors
def related(name, dataset, store, relations, direction, include_subrelations, as_of,
            min_certainty, fmt):
    """Actors related to NAME (an id, label or alias).

    \b
    Example:
        actorgraph related LNA --relation backs --direction in --format json
    """
    graph = _open(dataset, store)
    actors = graph.related(name, relation=list(relations) or None, direction=direction,
                           include_subrelations=include_subrelations, as_of=as_of,
                           min_certainty=min_certainty)
    emit(_actor_rows(actors), fmt, columns=["id", "label", "kind", "country"])


@cli.command()
@dataset_options
@click.option("--subject", help="Subject actor (id, label or alias).")
@click.option("--relation", "-r", "relations", multiple=True, help="Relation name (repeatable).")
@click.option("--object", "object_", help="Object actor (id, label or alias).")
@filter_options
@click.option("--format", "fmt", type=FORMATS, default="table")
@handle_errors
def claims(dataset, store, subject, relations, object_, include_subrelations, as_of,
           min_certainty, fmt):
    """Claims with their dates, certainty, attribution and quote.

    \b
    Example:
        actorgraph claims --object LNA --relation trains --format json
    """
    graph = _open(dataset, store)
    found = graph.claims(subject, list(relations) or None, object_, as_of=as_of,
                         min_certainty=min_certainty, include_subrelations=include_subrelations)
    emit(_claim_rows(found), fmt, columns=None if fmt == "json" else CLAIM_COLUMNS)


@cli.command()
@click.argument("datasets", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="The dataset folder to write.")
@click.option("--overwrite", is_flag=True, help="Replace a folder already there.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@handle_errors
def merge(datasets, output, overwrite, fmt):
    """Merge datasets into one dataset folder, reporting every unification and conflict.

    Actors that share an id, a Wikidata id or a name are one actor; identical sources are
    kept once; claim ids that collide get the dataset's name.

    \b
    Example:
        actorgraph merge data/libya-2019 more/ -o merged/
    """
    from ._merge import merge as run

    report = run(list(datasets), output, overwrite=overwrite)
    if fmt == "json":
        click.echo(json.dumps({"datasets": report.datasets, "events": [
            vars(e) for e in report.events]}, ensure_ascii=False, indent=2))
    else:
        click.echo(str(report))
    click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("subject", required=False)
@dataset_options
@click.option("--relation", "-r", "relations", multiple=True, help="Relation name (repeatable).")
@click.option("--object", "object_", help="Object actor (id, label or alias).")
@filter_options
@click.option("--format", "fmt", type=FORMATS, default="table")
@handle_errors
def assess(subject, dataset, store, relations, object_, include_subrelations, as_of,
           min_certainty, fmt):
    """How well the sources together support each relation: claims for and against,
    independent sources, an assessed certainty (never written over the claims).

    \b
    Example:
        actorgraph assess TUR --relation arms -d data/libya-2019 -d more/
    """
    rows = _open(dataset, store).assess(
        subject, list(relations) or None, object_, as_of=as_of, min_certainty=min_certainty,
        include_subrelations=include_subrelations)
    emit([r.to_dict() for r in rows], fmt, columns=None if fmt == "json" else [
        "subject", "relation", "object", "assessed", "independent_sources", "claims_for",
        "claims_against", "disputed", "first_reported", "last_reported"])


@cli.command()
@dataset_options
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Where to write (format from the suffix).")
@click.option("--format", "fmt",
              type=click.Choice(["turtle", "nt", "json-ld", "graphml", "gexf", "csv"]),
              help="Override the format given by the suffix.")
@handle_errors
def export(dataset, store, output, fmt):
    """Export the graph: .ttl, .nt, .jsonld, .graphml, .gexf or .csv (a row per claim,
    and NAME.nodes.csv beside it); see docs/exports.md.

    \b
    Example:
        actorgraph export -o libya.jsonld
    """
    from ._export import nodes_path

    path = _open(dataset, store).export(output, fmt)
    also = nodes_path(path) if (fmt or path.suffix.lower().lstrip(".")) == "csv" else None
    click.echo(f"wrote {path}" + (f" and {also}" if also else ""), err=True)


@cli.command("import")
@click.argument("kind", type=click.Choice(["ucdp-esd", "ucdp-acd", "acled", "mmp", "wikidata"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="The dataset folder to write.")
@click.option("--per", type=click.Choice(["event", "pair-month"]),
              help="ACLED: a claim per event (default) or per pair of actors and month.")
@click.option("--release", help="The release (e.g. 18.1); UCDP reads it from the file.")
@click.option("--published", metavar="YYYY[-MM[-DD]]", help="When the release was published.")
@click.option("--licence", metavar="URL", help="The licence's address, where the file states none.")
@click.option("--overwrite", is_flag=True, help="Replace the folder if it exists.")
@handle_errors
def import_(kind, file, output, per, release, published, licence, overwrite):
    """Import a release of another dataset as a dataset folder.

    KIND is ucdp-esd (External Support, triad-year), ucdp-acd (UCDP/PRIO dyadic), acled (an
    export), mmp (Mapping Militants relationships) or wikidata (entities or SPARQL results
    JSON). Columns are read by the names the release gives them.

    \b
    Example:
        actorgraph import ucdp-esd ucdp-esd-ty-181.csv -o data/esd
    """
    from ._import import import_dataset

    if per is not None and kind != "acled":
        raise click.UsageError("--per is an option of the acled importer")
    report = import_dataset(kind, file, output, overwrite=overwrite, per=per, release=release,
                            published=published, licence=licence)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {report}", err=True)


@cli.command()
@dataset_options
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The HTML file to write.")
@click.option("--focus", help="Show only the neighbourhood of this actor.")
@click.option("--depth", type=int, help="Hops around --focus (default 1).")
@click.option("--relation", "-r", "relations", multiple=True, help="Relation name (repeatable).")
@filter_options
@click.option("--color-by", type=click.Choice(["kind", "camp"]), default="kind",
              show_default=True, help="Colour nodes by actor kind or by camp.")
@click.option("--title", help="Page title.")
@handle_errors
def render(dataset, store, output, focus, depth, relations, include_subrelations, as_of,
           min_certainty, color_by, title):
    """Write the interactive network as one self-contained, offline HTML file.

    \b
    Examples:
        actorgraph render -o libya.html
        actorgraph render --focus LNA --depth 2 --as-of 2019-09-01 -r backs -r trains -o lna.html
    """
    path = _open(dataset, store).render(
        output, focus=focus, depth=depth, relations=list(relations) or None,
        include_subrelations=include_subrelations, as_of=as_of, min_certainty=min_certainty,
        color_by=color_by, title=title)
    click.echo(f"wrote {path}", err=True)


@cli.command()
@click.option("--actors", type=click.IntRange(min=2), required=True, help="Number of actors.")
@click.option("--claims", "n_claims", type=click.IntRange(min=1), required=True,
              help="Number of claims.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--camps", type=click.IntRange(min=2), help="Number of camps (default 3-5 by seed).")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False))
@click.option("--overwrite", is_flag=True, help="Replace an existing folder.")
@handle_errors
def synth(actors, n_claims, seed, camps, output, overwrite):
    """Write a realistic synthetic dataset folder (deterministic for a seed).

    \b
    Example:
        actorgraph synth --actors 1000 --claims 10000 --seed 1 -o synth-10k
    """
    from ._synth import synth_dataset

    summary = synth_dataset(output, actors=actors, claims=n_claims, seed=seed, camps=camps,
                            overwrite=overwrite)
    click.echo(json.dumps(summary, ensure_ascii=False), err=True)


ANALYSES = ["balance", "camps", "brokers", "enemy-of-enemy", "proxies", "both-sides",
            "contradictions", "timeline"]


@cli.command()
@click.argument("analysis", type=click.Choice(ANALYSES))
@click.argument("actor", required=False)
@dataset_options
@click.option("--as-of", metavar="DATE", help="Use the claims in force on this date.")
@click.option("--min-certainty", metavar="GRADE", help="Use claims at least this certain.")
@click.option("-k", "--camps", "k", type=click.IntRange(min=2), default=2, show_default=True,
              help="Number of camps (camps, brokers).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@handle_errors
def analyze(analysis, actor, dataset, store, as_of, min_certainty, k, fmt):
    """Alliance analytics: camps, structural balance, brokers, proxies, contradictions.

    \b
    Examples:
        actorgraph analyze camps
        actorgraph analyze camps --as-of 2019-01-01 --format json
        actorgraph analyze timeline Haftar
    """
    from ._analyze import run

    rows, summary = run(_open(dataset, store), analysis, actor=actor, as_of=as_of,
                        min_certainty=min_certainty, k=k)
    if fmt == "json":
        click.echo(json.dumps({"summary": summary, "rows": rows}, ensure_ascii=False, indent=2,
                              default=str))
        return
    for key, value in summary.items():
        click.echo(f"{key}: {value}")
    if summary:
        click.echo()
    emit(rows, "table", width=80)


@cli.command()
@dataset_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but loopback is announced as a warning.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token-env", metavar="VAR",
              help="Enable updates and reload for requests bearing the token in this "
                   "environment variable (never on the command line).")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Allow this origin (repeatable); no CORS headers otherwise.")
@click.option("--timeout", default=10.0, show_default=True, help="Per-query time limit (s).")
@click.option("--max-rows", default=10_000, show_default=True, help="Result row cap.")
@click.option("--max-query-bytes", default=100_000, show_default=True,
              help="Largest query text accepted (413 beyond).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1),
              help="Query worker processes, each holding the graph: queries run at once.")
@click.option("--forwarded-allow-ips", metavar="IPS",
              help="Behind a reverse proxy: its addresses (comma-separated), whose "
                   "X-Forwarded-For/-Proto headers are trusted; ignored otherwise.")
@handle_errors
def serve(dataset, store, host, port, token_env, cors_origins, timeout, max_rows,
          max_query_bytes, workers, forwarded_allow_ips):
    """Serve a read-only SPARQL endpoint (/sparql), the HTML view (/) and a JSON API (/api).

    \b
    Example:
        actorgraph serve --port 8000 --workers 4
        curl 'http://127.0.0.1:8000/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D'
    """
    import os

    from ._serve import serve as run

    token = os.environ.get(token_env) if token_env else None
    if token_env and not token:
        raise click.UsageError(f"environment variable {token_env} is not set")
    run(_datasets(dataset), store=store, host=host, port=port, token=token,
        cors_origins=cors_origins,
        timeout=timeout, max_rows=max_rows, max_query_bytes=max_query_bytes, workers=workers,
        forwarded_allow_ips=forwarded_allow_ips)


@cli.command()
@click.argument("report", type=click.Path(exists=True, dir_okay=False))
@click.option("--published", required=True, metavar="YYYY-MM-DD",
              help="The report's publication date (relative dates resolve against it).")
@click.option("--source-title", help="The report's title (default: its first line).")
@click.option("--publisher", help="Who published it.")
@click.option("--url", help="Where it can be read.")
@click.option("--source-id", help="Its id as a source (default: publisher and date).")
@click.option("--dataset", "-d", "datasets", multiple=True, metavar="PATH",
              help="A dataset whose actors are known (repeatable): their ids and names are kept.")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="The folder of candidates to write.")
@click.option("--overwrite", is_flag=True, help="Replace an existing folder.")
@click.option("--llm-url", metavar="URL",
              help="Also ask a model you run behind an OpenAI-compatible API (e.g. "
                   "http://127.0.0.1:8080); its proposals pass the same checks.")
@click.option("--llm-model", metavar="NAME", help="The model's name for --llm-url.")
@handle_errors
def extract(report, published, source_title, publisher, url, source_id, datasets, output,
            overwrite, llm_url, llm_model):
    """Read a news report and write candidate claims for review (a dataset folder).

    Needs the extract extra: pip install 'actorgraph[extract]'.

    \b
    Example:
        actorgraph extract report.txt --published 2020-01-14 --source-title "..." \\
            --publisher "..." -d data/libya-2019 -o candidates/
    """
    from ._extract._candidates import extract_report

    x = extract_report(report, output, published=published, title=source_title,
                       publisher=publisher, url=url, source_id=source_id, datasets=datasets,
                       llm_url=llm_url, llm_model=llm_model, overwrite=overwrite)
    proposed = sum(a.status == "proposed" for a in x.actors)
    click.echo(f"wrote {output}: {len(x.candidates)} candidates, {len(x.actors)} actors "
               f"({proposed} proposed), {len(x.dropped)} proposals dropped", err=True)
    for line in x.log():
        click.echo(f"  {line}", err=True)


@cli.command()
@click.argument("candidates", type=click.Path(exists=True, file_okay=False))
@click.option("--into", required=True, type=click.Path(file_okay=False),
              help="The dataset the accepted candidates go into.")
@click.option("--port", default=0, show_default=True, type=click.IntRange(0, 65535),
              help="The port on 127.0.0.1 (0: a free one).")
@handle_errors
def review(candidates, into, port):
    """Review candidates on a local page: accept, reject, edit; then accept into a dataset.

    The page is served on 127.0.0.1 only, at an address holding a token for this session.
    Decisions are saved to CANDIDATES/claims.csv as they are made.

    \b
    Example:
        actorgraph review candidates/ --into data/libya-2019
    """
    from ._review._server import review as run

    run(candidates, into, port=port, echo=lambda line: click.echo(line, err=True))


@cli.command()
@click.argument("candidates", type=click.Path(exists=True, file_okay=False))
@click.option("--into", required=True, type=click.Path(file_okay=False),
              help="The dataset folder to add them to.")
@click.option("--all", "every", is_flag=True, help="Every candidate not rejected in review.")
@click.option("--ids", metavar="c3,c7", help="These candidates (comma-separated ids).")
@handle_errors
def accept(candidates, into, every, ids):
    """Write accepted candidates into a dataset, atomically, only if the result validates.

    By default the candidates accepted in review; or --all, or --ids.

    \b
    Example:
        actorgraph accept candidates/ --into data/libya-2019 --ids c3,c7
    """
    from ._review._accept import accept as run

    if every and ids:
        raise click.UsageError("give --all or --ids, not both")
    chosen = [i.strip() for i in ids.split(",") if i.strip()] if ids else None
    click.echo(str(run(candidates, into, ids=chosen, every=every)))


@cli.command()
@click.option("--out", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for libya-2019.ttl and libya-2019.html.")
@handle_errors
def demo(out):
    """Build the Libya 2019 graph, validate it, answer example questions, write out/.

    \b
    Example:
        actorgraph demo --out out
    """
    from ._demo import run

    run(Path(out), echo=click.echo)


def _escape_what_cannot_be_shown() -> None:
    """Print characters the terminal's encoding cannot show as escapes (``\u2019``)
    instead of failing on them (``LC_ALL=C``, ``PYTHONIOENCODING=latin-1``)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main() -> None:
    """Entry point of the ``actorgraph`` console script."""
    _escape_what_cannot_be_shown()
    with _quiet_when_the_reader_stops():
        cli(prog_name="actorgraph")
