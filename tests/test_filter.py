"""One claim filter: the same options keep the same claims through every entry point.

``claims`` is the reference; ``related``, ``to_networkx``, ``signed_graph``, the HTML page,
``serve``'s JSON API and the analysis functions must keep exactly the claims it keeps (or,
where they read a part of them, exactly that part).
"""

from __future__ import annotations

import itertools
import json
import urllib.parse
import urllib.request

import pytest

import actorgraph
from actorgraph import analysis
from actorgraph._filter import ClaimFilter
from actorgraph._serve import make_server

RELATIONS = [None, "backs", "opposes", ("trains", "fights")]
CERTAINTY = [None, "alleged", "probable"]
DATES = [None, "2019-08", "2018"]
COMBINATIONS = [
    {"relation": r, "include_subrelations": sub, "min_certainty": c, "as_of": d}
    for r, sub, c, d in itertools.product(RELATIONS, [True, False], CERTAINTY, DATES)
    if r is not None or sub  # without a relation, include_subrelations changes nothing
]
IDS = [f"{o['relation']}-{'tree' if o['include_subrelations'] else 'exact'}-"
       f"{o['min_certainty']}-{o['as_of']}" for o in COMBINATIONS]


@pytest.fixture(scope="module")
def g():
    return actorgraph.load()


@pytest.fixture(scope="module")
def served():
    with make_server(port=0, workers=1, timeout=60) as server:
        yield server


def _projection(options: dict) -> dict:
    """The options under the names the projections take (``relations``)."""
    out = dict(options)
    out["relations"] = out.pop("relation")
    return out


def _page_claims(g, options) -> set[str]:
    html = g.render_html(**_projection(options))
    start = html.index('id="ag-provenance"')
    body = html[html.index(">", start) + 1: html.index("</script>", start)]
    return {c["id"] for c in json.loads(body)["claims"]}


@pytest.mark.parametrize("options", COMBINATIONS, ids=IDS)
def test_every_entry_point_keeps_the_same_claims(g, served, options):
    kept = {c.id: c for c in g.claims(**options)}
    G = g.to_networkx(**_projection(options))
    assert {i for *_, d in G.edges(data=True) for i in d["claims"]} == set(kept)
    S = g.signed_graph(**_projection(options))
    signed = {c.id for c in kept.values() if _sign(c.relation) != 0}
    assert {i for *_, d in S.edges(data=True) for i in d["claims"]} == signed
    for actor in ("LNA", "GNA", "HAFTAR"):
        ends = {c.object if c.subject == actor else c.subject
                for c in kept.values() if actor in (c.subject, c.object)}
        assert {a.id for a in g.related(actor, direction="both", **options)} == ends
    assert _page_claims(g, options) == set(kept)
    query = [(k, str(v).lower() if isinstance(v, bool) else v)
             for k, v in options.items() if v is not None and k != "relation"]
    relations = options["relation"]
    query += [("relation", r) for r in ([relations] if isinstance(relations, str)
                                        else relations or [])]
    with urllib.request.urlopen(f"{served.url}api/claims?{urllib.parse.urlencode(query)}",
                                timeout=60) as answer:
        assert {c["id"] for c in json.loads(answer.read())} == set(kept)


def _sign(relation: str) -> int:
    from actorgraph._vocab import RELATIONS as VOCAB

    return VOCAB[relation].sign


@pytest.mark.parametrize("options", [o for o in COMBINATIONS if o["relation"] is None],
                         ids=[i for i, o in zip(IDS, COMBINATIONS, strict=True)
                              if o["relation"] is None])
def test_the_analysis_reads_the_claims_the_filter_keeps(g, options):
    kept = {c.id for c in g.claims(**options)}
    window = {"as_of": options["as_of"], "min_certainty": options["min_certainty"]}
    assert {i for row in analysis.proxies(g, **window) for i in row["claims"]} <= kept
    camps = analysis.alliance_camps(g, **window)
    assert {i for *_, d in camps.signed.edges(data=True) for i in d["claims"]} <= kept


def test_the_hierarchy_is_followed_by_default(g):
    """``opposes`` keeps ``fights`` (rdfs:subPropertyOf): the LNA *fights* the GNA."""
    assert [a.id for a in g.related("LNA", relation="opposes")] == ["GNA"]
    assert g.related("LNA", relation="opposes", include_subrelations=False) == []


@pytest.mark.parametrize("options, error", [
    ({"relation": "friends"}, actorgraph.UnknownNameError),
    ({"min_certainty": "sure"}, actorgraph.UnknownNameError),
    ({"as_of": "2019-13"}, actorgraph.DataError),
    ({"stance": "maybe"}, actorgraph.DataError),
], ids=["relation", "certainty", "as-of", "stance"])
def test_bad_options_are_clear_errors(options, error):
    with pytest.raises(error):
        ClaimFilter.make(**options)


def test_certainty_aliases_work_everywhere(g):
    """``min_certainty="Alleged"`` (an alias, any case) works in every entry point (it once
    raised in ``render`` while ``claims`` took it)."""
    assert g.claims(min_certainty="Alleged") == g.claims(min_certainty="possible")
    g.render_html(min_certainty="Alleged")
    g.to_networkx(min_certainty="Alleged")
