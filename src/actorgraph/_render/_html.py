"""Render claims as one self-contained, offline HTML page (pyvis data, our template, vis inlined).

pyvis 0.3.2 holds the nodes, edges and vis-network options; its own template is not used
(it fetches Bootstrap and vis-network from CDNs, renders ``href`` titles as raw HTML and has
autoescape off). Ours is rendered with autoescape on, inlines the vis-network JavaScript and
CSS shipped inside the installed pyvis package, and passes the data as two JSON documents
(``<``, ``>``, ``&``, U+2028 and U+2029 escaped) that the page turns into DOM text: the graph,
read at once, and the provenance (quotes, sources), placed last and read when first shown, so
that large graphs are drawn before the browser has even parsed their quotes.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Collection, Iterable, Mapping
from importlib import resources

from markupsafe import Markup

from .._exceptions import DataError
from .._filter import ClaimFilter
from .._model import Actor, Claim, Source
from ._data import build, day
from ._layout import EDGE_LENGTH
from ._select import select

__all__ = ["render_html"]

_BUSY = 2000  # with more claims than this, edges are hidden while dragging and zooming
_VIS = "lib/vis-9.1.2"


def render_html(
    actors: Iterable[Actor],
    claims: Iterable[Claim],
    sources: Iterable[Source],
    *,
    title: str = "actorgraph",
    focus: str | None = None,
    depth: int | None = None,
    claim_filter: ClaimFilter | None = None,
    color_by: str = "kind",
    camps: Mapping[str, int] | None = None,
    frustrated: Collection[frozenset] | None = None,
    seed: int = 0,
    physics: bool | None = None,
    assessments: Mapping[tuple[str, str, str], Mapping] | None = None,
) -> str:
    """Render actors and the claims between them as a self-contained interactive HTML page.

    The page makes no network request: vis-network is inlined, and the only links are the
    sources' own ``http(s)`` addresses in the side panel. The same input gives the same bytes.

    Parameters
    ----------
    actors, claims, sources : iterable of Actor, Claim, Source
        The records; they are read, never changed.
    title : str
        Page title and heading.
    focus : str, optional
        Show only the actors within ``depth`` hops of this actor id.
    depth : int, optional
        Hops around ``focus`` (default 1).
    claim_filter : ClaimFilter, optional
        Keep only the claims it keeps (see :mod:`actorgraph._filter`); the page's time
        slider starts at its ``as_of``, its certainty filter at its ``min_certainty``, and
        places each claim where its :meth:`~ClaimFilter.interval` says, anchored to the
        sources' publication dates (an undated claim is in force when it was reported, or
        from then on with ``assume_persistence``). Denying claims are drawn as denials,
        beside what they deny; ``stance`` can leave them out.
    color_by : {"kind", "camp"}
        Node colour: by actor kind, or by ``camps``.
    camps : mapping of str to int, optional
        Camp index per actor id, for ``color_by="camp"``.
    frustrated : collection of frozenset, optional
        Actor pairs whose edges are drawn as frustrated (they break the camps' balance).
    seed : int
        Layout seed.
    physics : bool, optional
        Let vis-network's physics move the nodes: it stabilises from the positions computed
        in Python before the first drawing, then keeps running while nodes are dragged
        (slow past a few hundred actors). Off by default: the positions computed in Python
        are the picture, drawn at once whatever the size.
    assessments : mapping, optional
        ``(subject, relation, object)`` to its row of ``Graph.assess`` (``assessed``,
        ``independent_sources``, ``first_reported``, ``last_reported``, ``for`` and
        ``against``, as counts or as the claims): one line in the panel of that edge, and of
        the denials of it.

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    UnknownNameError
        ``focus`` is not an actor id.
    DataError
        ``color_by`` is neither ``"kind"`` nor ``"camp"``.
    """
    if color_by not in ("kind", "camp"):
        raise DataError(f"color_by must be 'kind' or 'camp', not {color_by!r}")
    keep = claim_filter or ClaimFilter()
    actor_map = {a.id: a for a in actors}
    when, min_rank = keep.as_of, keep.min_rank
    source_map = {s.id: s for s in sources}
    ids, kept = select(actor_map, list(claims), keep,
                       {i: s.published for i, s in source_map.items()}, focus=focus, depth=depth)
    view = build(ids, actor_map, kept, source_map, keep=keep, assessments=assessments,
                 camps=(camps or {}) if color_by == "camp" else None,
                 frustrated=frozenset(frustrated or ()), seed=seed)
    live = bool(physics)
    nodes, edges, options = _network(view.pop("nodes"), view.pop("edges"), view.pop("groups"),
                                     live, busy=len(kept) > _BUSY, seed=seed)
    when_days = [] if when is None else [day(when), day(when, last=True)]
    days = [*(view.pop("range") or []), *when_days]  # the slider covers the claims and as_of
    initial = {"minRank": min_rank or max(c["rank"] for c in view["certainty"]),
               "when": None if when is None else [*when_days, when.text]}
    provenance = view.pop("provenance")
    payload = {"options": options, "nodes": nodes, "edges": edges,
               "initial": initial, "physics": live,
               "range": [min(days), max(days)] if days else None, **view}
    return _template().render(
        title=title,
        data=_json_for_script(payload),
        provenance=_json_for_script(provenance),
        vis_css=_inline(_asset("pyvis", f"{_VIS}/vis-network.css"), "style"),
        vis_js=_inline(_asset("pyvis", f"{_VIS}/vis-network.min.js"), "script"),
        app_css=_inline(_asset(__package__, "app.css"), "style"),
        app_js=_inline(_asset(__package__, "app.js"), "script"),
    )


def _network(nodes: list, edges: list, groups: dict, physics: bool, *, busy: bool, seed: int):
    """Hand the items to a pyvis Network and let it state the vis-network options."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    net.nodes, net.edges = nodes, edges
    net.node_ids = [n["id"] for n in nodes]
    net.barnes_hut(gravity=-3000, central_gravity=0.05, spring_length=int(EDGE_LENGTH),
                   spring_strength=0.02, damping=0.4, overlap=0.2)
    net.toggle_physics(physics)
    net.toggle_stabilization(physics)
    net.inherit_edge_colors(False)
    net.toggle_hide_edges_on_drag(busy)
    net.options.edges.smooth.enabled = False  # per-edge curvature is set on parallel edges
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    options = json.loads(options)
    options["physics"]["stabilization"].update(iterations=200, updateInterval=25)
    options["layout"] = {"randomSeed": seed, "improvedLayout": False}
    options["interaction"].update(hover=True, tooltipDelay=150, hideEdgesOnZoom=busy,
                                  multiselect=False, navigationButtons=False)
    options["groups"] = groups
    options["nodes"] = {"borderWidth": 1.5,
                        "font": {"size": 14, "face": "system-ui, sans-serif",
                                 "strokeWidth": 4, "strokeColor": "#ffffff"}}
    options["edges"].update(selectionWidth=2, hoverWidth=1,
                            arrows={"to": {"scaleFactor": 0.6}},
                            font={"size": 11, "align": "middle", "color": "#444444",
                                  "strokeWidth": 3, "strokeColor": "#ffffff"})
    return nodes, edges, options


def _json_for_script(value) -> Markup:
    """JSON that can sit inside ``<script type="application/json">``: ``<>&`` and U+2028/9 escaped.

    >>> str(_json_for_script({"q": "</script><b>&\u2028"}))
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026\\\\u2028"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return Markup(text)


def _inline(text: str, tag: str) -> Markup:
    """Code to inline in a ``<script>`` or ``<style>`` element: it can neither close it early
    nor open an HTML comment (``</script`` becomes ``<\\/script``, valid in JS and CSS)."""
    text = re.sub(rf"</(?={tag})", r"<\\/", text, flags=re.IGNORECASE)
    return Markup(text.replace("<!--", "<\\!--"))


@functools.cache
def _asset(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, StrictUndefined

    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    return env.from_string(_asset(__package__, "template.html.j2"))
