"""The exports, checked by the tools that open them: the GEXF 1.3 XML schema (Gephi's
format; the schema files are in tests/data/gexf-1.3, see its README), networkx's and
igraph's GraphML readers, a CSV reader as a spreadsheet reads it, pandas' dtypes, and the
file mode under umask 022."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

import actorgraph
from actorgraph._export import nodes_path, spells

XSD = Path(__file__).parent / "data" / "gexf-1.3" / "gexf.xsd"
GEXF = "{http://gexf.net/1.3}"
FORMATS = ["ttl", "nt", "jsonld", "graphml", "gexf", "csv"]


@pytest.fixture(scope="module")
def libya():
    return actorgraph.load()


@pytest.fixture(scope="module")
def exported(libya, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    return {suffix: libya.export(folder / f"libya.{suffix}") for suffix in FORMATS}


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.parametrize("suffix", FORMATS)
def test_an_export_gets_the_umask_s_mode(libya, tmp_path, umask_022, suffix):
    """Every export is a file like any other: 0644 under umask 022 (was 0600)."""
    path = libya.export(tmp_path / f"out.{suffix}")
    written = [path, nodes_path(path)] if suffix == "csv" else [path]
    assert [oct(p.stat().st_mode & 0o777) for p in written] == ["0o644"] * len(written)
    assert {p.name for p in tmp_path.iterdir()} == {p.name for p in written}  # no temp file


@pytest.mark.parametrize("suffix", FORMATS)
def test_folders_missing_above_an_export_are_made(libya, tmp_path, suffix):
    """As a dataset folder's: made with the umask's mode (0750 under umask 027), the file
    written atomically in them."""
    previous = os.umask(0o027)
    try:
        path = libya.export(tmp_path / "new" / "deeper" / f"out.{suffix}")
    finally:
        os.umask(previous)
    assert path.stat().st_size > 0
    for folder in (tmp_path / "new", tmp_path / "new" / "deeper"):
        assert oct(folder.stat().st_mode & 0o777) == "0o750"
    written = [path, nodes_path(path)] if suffix == "csv" else [path]
    assert {p.name for p in path.parent.iterdir()} == {p.name for p in written}


def test_a_file_where_a_folder_should_be_is_named(libya, tmp_path):
    (tmp_path / "taken").write_text("a file\n", encoding="utf-8")
    with pytest.raises(actorgraph.ExportError) as caught:
        libya.export(tmp_path / "taken" / "out.ttl")
    assert str(caught.value) == (
        f"cannot write {tmp_path / 'taken' / 'out.ttl'}: cannot make the folder "
        f"{tmp_path / 'taken'} ({tmp_path / 'taken'} is a file); choose another path")


# --- GEXF ------------------------------------------------------------------------------------

def test_gexf_is_valid_gexf_1_3(exported):
    xmlschema = pytest.importorskip("xmlschema")
    xmlschema.XMLSchema(XSD).validate(exported["gexf"])


def test_gexf_times_are_dates_and_edges_are_labelled(exported, libya):
    root = ET.parse(exported["gexf"]).getroot()
    graph = root.find(f"{GEXF}graph")
    assert graph.get("timeformat") == "date"
    edges = root.iter(f"{GEXF}edge")
    seen = set()
    for edge in edges:
        assert edge.get("id") not in seen
        seen.add(edge.get("id"))
        relation = actorgraph._vocab.RELATIONS[edge.get("kind")]
        assert edge.get("label") == relation.label
        assert edge.get("type") == ("undirected" if relation.symmetric else "directed")
        for spell in edge.iter(f"{GEXF}spell"):
            for bound in ("start", "end"):
                if spell.get(bound):
                    dt.date.fromisoformat(spell.get(bound))  # a full date, never 2019-04
    assert len(seen) == libya.to_networkx().number_of_edges()


def test_gexf_a_relation_that_stopped_and_resumed_has_a_spell_per_period(tmp_path):
    """Two claims of one relation, April and August 2019: two spells, not one span."""
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "actors.csv").write_text("id,label,kind\nA,Alpha,state\nB,Beta,armed_group\n",
                                       encoding="utf-8")
    (folder / "sources.csv").write_text("id,title,published\ns1,Report,2019-12-07\n",
                                        encoding="utf-8")
    (folder / "claims.csv").write_text(
        "id,subject,relation,object,start,end,certainty,sources,quote\n"
        "c1,A,arms,B,2019-04,2019-04,probable,s1,armed in April\n"
        "c2,A,arms,B,2019-08,2019-08,probable,s1,armed again in August\n"
        "c3,A,fights,B,2019-09-01,2019-09-03,probable,s1,fought\n", encoding="utf-8")
    path = actorgraph.load(folder).export(tmp_path / "g.gexf")
    edges = {e.get("kind"): e for e in ET.parse(path).getroot().iter(f"{GEXF}edge")}
    periods = [(s.get("start"), s.get("end")) for s in edges["arms"].iter(f"{GEXF}spell")]
    assert periods == [("2019-04-01", "2019-04-30"), ("2019-08-01", "2019-08-31")]
    assert edges["fights"].get("type") == "undirected"


def test_spells_merge_what_overlaps_or_touches():
    d = dt.date
    assert spells([(d(2019, 1, 1), d(2019, 1, 31)), (d(2019, 2, 1), d(2019, 2, 28))]) == [
        (d(2019, 1, 1), d(2019, 2, 28))]
    assert spells([(d(2019, 1, 1), None), (d(2020, 1, 1), d(2020, 2, 1))]) == [
        (d(2019, 1, 1), None)]


# --- GraphML ---------------------------------------------------------------------------------

def test_graphml_edge_ids_are_unique(exported, libya):
    ids = [e.get("id") for e in ET.parse(exported["graphml"]).getroot().iter(
        "{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == len(set(ids)) == libya.to_networkx().number_of_edges()


def test_graphml_reads_in_networkx_and_igraph(exported, libya):
    G = nx.read_graphml(exported["graphml"])
    expected = libya.to_networkx()
    assert G.number_of_nodes() == expected.number_of_nodes()
    assert G.number_of_edges() == expected.number_of_edges()
    assert {d["label"] for *_, d in G.edges(data=True)} >= {"backs", "fights"}
    igraph = pytest.importorskip("igraph")
    read = igraph.Graph.Read_GraphML(str(exported["graphml"]))
    assert (read.vcount(), read.ecount()) == (expected.number_of_nodes(),
                                              expected.number_of_edges())
    assert set(read.es["relation"]) == {d["relation"] for *_, d in expected.edges(data=True)}


@pytest.mark.parametrize("writer", [nx.write_gexf, nx.write_graphml], ids=["gexf", "graphml"])
def test_networkx_own_writers_take_the_writable_projection(libya, tmp_path, writer):
    G = libya.to_networkx()
    path = tmp_path / "nx.out"
    writer(actorgraph.writable(G), path)
    read = nx.read_gexf(path) if writer is nx.write_gexf else nx.read_graphml(path)
    assert read.number_of_edges() == G.number_of_edges()


# --- CSV -------------------------------------------------------------------------------------

def _rows(path: Path) -> list[dict]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")  # a spreadsheet then reads it as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_csv_has_a_row_per_claim_with_labels_quote_and_sources(exported, libya):
    rows = {r["claim_id"]: r for r in _rows(exported["csv"])}
    assert set(rows) == {c.id for c in libya.claims()}
    row = rows["c001"]
    assert (row["subject"], row["relation"], row["object"]) == (
        "Israeli military", "trains", "Libyan National Army")
    assert row["quote"] and row["source_titles"] and row["certainty"] == "possible"
    assert row["start"] == "2019-08"


def test_csv_numbers_stay_numbers_and_text_is_guarded(exported):
    """``sign`` was written '-1 (a guarded text); numbers are numbers, and only text cells
    that a spreadsheet would run as a formula get a leading apostrophe."""
    rows = _rows(exported["csv"])
    assert {r["sign"] for r in rows} <= {"-1", "0", "1"}
    assert all(r["certainty_rank"].isdigit() for r in rows)
    assert all(not r[c].startswith(("=", "+", "@")) for r in rows for c in r)


def test_csv_formula_text_is_guarded(tmp_path):
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "actors.csv").write_text("id,label,kind\nA,=HYPERLINK(\"x\"),state\nB,B,state\n",
                                       encoding="utf-8")
    (folder / "sources.csv").write_text("id,title\ns1,Report\n", encoding="utf-8")
    (folder / "claims.csv").write_text(
        "id,subject,relation,object,certainty,sources,quote\nc1,A,fights,B,probable,s1,-x\n",
        encoding="utf-8")
    row, = _rows(actorgraph.load(folder).export(tmp_path / "x.csv"))
    assert row["subject"] == "'=HYPERLINK(\"x\")" and row["quote"] == "'-x"
    assert row["sign"] == "-1"


def test_csv_node_table(exported, libya):
    nodes = {r["id"]: r for r in _rows(nodes_path(exported["csv"]))}
    assert set(nodes) == {a.id for a in libya.actors()}
    amnesty = nodes["AMNESTY"]
    assert amnesty["wikidata_url"] == "http://www.wikidata.org/entity/Q42970"
    assert int(amnesty["claims"]) > 0


def test_csv_of_an_import_has_the_evidence(tmp_path):
    from actorgraph._import import import_dataset

    import_dataset("ucdp-esd", Path(__file__).parent / "data" / "imports" / "ucdp-esd" /
                   "ucdp-esd-ty-181.csv", tmp_path / "esd")
    rows = _rows(actorgraph.load(tmp_path / "esd").export(tmp_path / "esd.csv"))
    assert all(r["evidence"].startswith("UCDP ESD 18.1") and not r["quote"] for r in rows)


# --- JSON-LD ---------------------------------------------------------------------------------

def test_jsonld_is_compact_with_an_inline_context_and_reads_back(exported, libya):
    document = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict)
    claim = next(n for n in document["@graph"] if n.get("@id") == "claim:c001")
    assert claim["relation"] == "trains" and claim["subject"] == "actor:IDF"
    back = actorgraph.load(exported["jsonld"])
    assert back.claims() == libya.claims()


# --- pandas ----------------------------------------------------------------------------------

@pytest.mark.parametrize("table", ["claims", "actors", "sources", "edges"])
def test_to_pandas_gives_dates_as_dates(libya, table):
    pd = pytest.importorskip("pandas")
    frame = libya.to_pandas(table)
    assert len(frame) == {"claims": len(libya.claims()), "actors": len(libya.actors()),
                          "sources": len(libya.sources()),
                          "edges": libya.to_networkx().number_of_edges()}[table]
    for column in {"claims": ("start", "end"), "edges": ("start", "end"),
                   "sources": ("published",), "actors": ()}[table]:
        assert pd.api.types.is_datetime64_any_dtype(frame[column])
        assert set(frame[f"{column}_precision"].dropna()) <= {"year", "month", "day"}
    if table in ("claims", "edges"):
        assert frame["certainty"].cat.ordered
        assert list(frame["certainty"].cat.categories)[0] == "confirmed"


def test_to_pandas_ends_at_the_last_day_of_their_period(libya):
    pytest.importorskip("pandas")
    frame = libya.to_pandas("claims").set_index("id")
    assert str(frame.loc["c001", "start"].date()) == "2019-08-01"
    assert str(frame.loc["c001", "end"].date()) == "2019-09-30"


def test_to_pandas_without_pandas_is_a_clear_error(libya, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # what Python does for a missing module
    with pytest.raises(actorgraph.ActorGraphError, match="pip install"):
        libya.to_pandas()
