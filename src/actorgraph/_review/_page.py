"""The review page: its HTML (Jinja, autoescaped) and the data it is given as JSON.

The page is ``page.html.j2`` with the state in one ``<script type="application/json">``
(``<``, ``>``, ``&``, U+2028/9 escaped, as the graph view does); ``review.js`` turns it into
DOM text (``textContent``, never HTML). The report's text, its quotes and every name are
data: a report carrying ``<script>`` shows it as text.
"""

from __future__ import annotations

import functools
from importlib import resources

from .._exceptions import DataError
from .._model import Actor, Claim
from .._render._html import _json_for_script

__all__ = ["actor_view", "claim_view", "page_html", "page_state", "resolve_actors"]


def claim_view(claim: Claim) -> dict:
    """A candidate as the page shows it."""
    view = claim.to_dict()
    view["evidence_start"] = int(claim.evidence_start) if claim.evidence_start else 0
    view["evidence_end"] = int(claim.evidence_end) if claim.evidence_end else 0
    return view


def actor_view(actor: Actor) -> dict:
    """An actor as the page lists it."""
    return {"id": actor.id, "label": actor.label, "kind": actor.kind,
            "aliases": list(actor.aliases), "status": actor.status or "known"}


def page_state(folder, target: dict, into, token: str) -> dict:
    """Everything the page needs: the report, candidates, actors, the vocabulary."""
    from .._vocab import CERTAINTY, KINDS, RELATIONS, STANCES

    return {
        "token": token,
        "report": folder.text,
        "sources": [s.to_dict() for s in folder.sources],
        "folder": folder.path.name,
        "into": str(into),
        "candidates": [claim_view(c) for c in folder.claims.values()],
        "actors": [actor_view(a) for a in folder.actors.values()],
        "target": [actor_view(a) for a in target.values() if a.id not in folder.actors],
        "counts": folder.counts(),
        "relations": [{"name": r.name, "label": r.label, "symmetric": r.symmetric}
                      for r in RELATIONS.values()],
        "certainty": list(CERTAINTY),
        "kinds": list(KINDS),
        "stances": list(STANCES),
    }


@functools.lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, StrictUndefined

    text = resources.files(__package__).joinpath("page.html.j2").read_text(encoding="utf-8")
    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    return env.from_string(text)


def page_html(state: dict) -> str:
    """The review page for ``state``."""
    title = f"Review: {state['folder']}"
    return _template().render(title=title, data=_json_for_script(state))


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def _fresh_id(label: str, taken) -> str:
    from .._extract._actors import slug

    base = slug(label)
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}_{n}", n + 1
    return ident


def resolve_actors(changes: dict, actors: dict, target: dict):
    """The edit's ``subject``, ``object`` and ``via`` as actor ids, and the actors to add.

    Each is ``{"id": ...}`` (an actor of the folder, or of the dataset: copied in as known),
    ``{"name": ..., "kind": ...}`` (an actor of either with that name, else a new proposed
    actor of that kind), or a plain string (an id, else a name).
    """
    added: dict[str, Actor] = {}

    def one(ref) -> str:
        if isinstance(ref, str):
            ref = {"id": ref} if ref in actors or ref in target else {"name": ref}
        if not isinstance(ref, dict):
            raise DataError(f"an actor is {{'id': ...}} or {{'name': ..., 'kind': ...}}, "
                            f"not {ref!r}")
        ident = str(ref.get("id") or "")
        if ident in actors:
            return ident
        if ident in target:
            added[ident] = _known(target[ident])
            return ident
        name = " ".join(str(ref.get("name") or ident).split())
        if not name:
            raise DataError("an actor needs an id or a name")
        for pool in (actors, added, target):
            for actor in pool.values():
                if _key(name) in {_key(n) for n in (actor.label, *actor.aliases)}:
                    if pool is target:
                        added[actor.id] = _known(actor)
                    return actor.id
        new = Actor(_fresh_id(name, {*actors, *target, *added}), name,
                    str(ref.get("kind") or "other"), status="proposed")
        added[new.id] = new
        return new.id

    out = dict(changes)
    for field in ("subject", "object"):
        if field in out:
            out[field] = one(out[field])
    if "via" in out:
        via = out["via"]
        refs = via if isinstance(via, list) else [v for v in str(via).split("|") if v.strip()]
        out["via"] = "|".join(one(v) for v in refs)
    for field, value in out.items():
        if not isinstance(value, str):
            raise DataError(f"{field}: text is expected, not {value!r}")
    return out, list(added.values())


def _known(actor: Actor) -> Actor:
    """A dataset's actor as the folder lists it: known."""
    import dataclasses

    return dataclasses.replace(actor, status="known")
