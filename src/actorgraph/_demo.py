"""``make demo``: build the Libya 2019 graph, validate it, answer questions, write out/, and
extract candidate claims from the sample report."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

__all__ = ["run"]


def _dates(claim) -> str:
    if claim.start and claim.end and claim.start != claim.end:
        return f"{claim.start} to {claim.end}"
    return claim.start or claim.end or "undated"


def _names(graph, ids) -> str:
    return ", ".join(graph.actor(i).label for i in ids)


def run(out: Path, *, echo: Callable[[str], None] = print) -> dict[str, Path]:
    """Run the demo on the bundled dataset and write ``out/libya-2019.{ttl,html}``."""
    from ._load import load
    from ._validate import shacl_problems

    started = time.perf_counter()
    g = load()
    echo(f"Loaded {g.dataset} into the {g.store.kind} store in "
         f"{time.perf_counter() - started:.2f} s.")
    problems = shacl_problems(g)
    echo("Validated: the data conforms to ontology/shapes.ttl." if not problems else
         "Validation problems:\n" + "\n".join(f"  {p}" for p in problems))
    info = g.info()
    echo(f"{info['actors']} actors, {info['sources']} source(s), {info['claims']} claims, "
         f"{info['triples']} triples.")
    echo("Claims by relation: " + ", ".join(f"{k} {v}" for k, v in info["relations"].items()))
    echo("Claims by certainty: " + ", ".join(f"{k} {v}" for k, v in info["certainty"].items()))

    for side in ("LNA", "GNA"):
        actor = g.actor(side)
        echo(f"\nWho backs the {actor.label} ({side})?")
        for claim in g.claims(relation="backs", object=side, include_subrelations=True):
            echo(f"  {g.actor(claim.subject).label:<28} {claim.relation:<10} "
                 f"{claim.certainty:<9} {claim.quote!r}")

    echo("\nWho trains Haftar's forces, where, when, and says who?")
    for claim in g.claims(relation="trains", object="Haftar's forces"):
        echo(f"  {g.actor(claim.subject).label} trains {g.actor(claim.object).label}, "
             f"{_dates(claim)}, {claim.certainty}"
             + (f", in {claim.place}" if claim.place else "")
             + (f", coordinated via {_names(g, claim.via)}" if claim.via else "")
             + (f"; according to {claim.attributed_to}" if claim.attributed_to else
                "; the report's own words")
             + f"\n    {claim.quote!r} [{', '.join(claim.sources)}]")

    echo("\nWho leads whom?")
    for claim in g.claims(relation="leads"):
        echo(f"  {g.actor(claim.subject).label} leads {g.actor(claim.object).label}")

    echo("\nWho mediated which meetings?")
    for claim in g.claims(relation="mediates"):
        echo(f"  {g.actor(claim.subject).label} mediates for {g.actor(claim.object).label}: "
             f"{claim.quote!r}")

    alleged = g.named_query("alleged-only").dicts()
    echo(f"\nRelations known only from alleged claims ({len(alleged)}), never facts:")
    for row in alleged[:8]:
        echo(f"  {row['subject']} {row['relation']} {row['object']}")
    if len(alleged) > 8:
        echo(f"  … and {len(alleged) - 8} more (actorgraph query --name alleged-only)")

    from .analysis import alliance_camps

    result = alliance_camps(g)
    echo(f"\nTwo camps (frustration {result.frustration}, exact: {result.exact}):")
    for i, members in enumerate(result.partition):
        echo(f"  camp {i + 1}: " + ", ".join(sorted(g.actor(m).label for m in members)))
    for u, v, sign, ids in result.frustrated:
        kind = "support across camps" if sign > 0 else "hostility within a camp"
        echo(f"  frustrated ({kind}): {g.actor(u).label} – {g.actor(v).label}, "
             f"claims {', '.join(ids)}")

    out.mkdir(parents=True, exist_ok=True)
    written = {"turtle": g.export(out / "libya-2019.ttl"), "html": g.render(out / "libya-2019.html")}
    candidates = _candidates(g, out / "sample-candidates", echo)
    if candidates is not None:
        written["candidates"] = candidates
    echo("\nWrote " + ", ".join(str(p) for p in written.values()) + ".")
    return written


def _candidates(g, folder: Path, echo) -> Path | None:
    """Extract candidate claims from the sample report shipped with actorgraph, with the
    Libya data's actors as known ones, show them and write them as a folder to review."""
    from ._extract import ExtractionUnavailable, extract, sample_report
    from ._extract._candidates import write_candidates

    text, meta = sample_report()
    echo(f"\nCandidate claims extracted from a sample report ({meta['title']!r}, "
         f"{meta['published']}):")
    started = time.perf_counter()
    try:
        x = extract(text, published=meta["published"], known_actors=g.actors(),
                    title=meta["title"], publisher=meta["publisher"])
    except ExtractionUnavailable as exc:
        echo(f"  skipped: {exc}")
        return None
    labels = {a.id: a.label for a in x.actors}
    rows = [(c.id, labels[c.subject], ("denies " if c.stance == "denies" else "") + c.relation,
             labels[c.object], c.certainty, c.start or "", c.quote) for c in x.candidates]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for row in rows:
        quote = row[6] if len(row[6]) <= 48 else row[6][:47] + "…"
        echo("  " + "  ".join(cell.ljust(w) for cell, w in zip(row[:5], widths))
             + f"  {row[5]:<7}  {quote!r}")
    proposed = [a.label for a in x.actors if a.status == "proposed"]
    echo(f"  {len(x.candidates)} candidates in {time.perf_counter() - started:.1f} s; "
         f"known actors kept, {len(proposed)} proposed: {', '.join(proposed)}")
    write_candidates(x, folder, overwrite=True)
    echo(f"  review them: actorgraph review {folder} --into a-copy-of-your-dataset")
    return folder
