"""The ontology (ontology/actorgraph.ttl), the SHACL shapes (ontology/shapes.ttl) and the generated
vocabulary module (src/actorgraph/_vocab.py) agree with each other and with the relation
vocabulary of docs/decisions.md ("Relation vocabulary")."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "actorgraph.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
GEN_VOCAB = ROOT / "tools" / "gen_vocab.py"

AG = Namespace("https://w3id.org/actorgraph/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
XSD_INT = URIRef("http://www.w3.org/2001/XMLSchema#integer")

DECISIONS = ROOT / "docs" / "decisions.md"

# docs/decisions.md, "Relation vocabulary": the expected values are read from that table (in
# table order), so a divergence between the document and the ontology fails a test.
# name: (sign, parent, family, symmetric, UCDP ESD, CAMEO, PLOVER); None where the table has "–".
RELATION_COLUMNS = [
    "relation", "sign", "parent", "family", "symmetric", "meaning", "UCDP ESD", "CAMEO", "PLOVER",
]
_SIGNS = {"+": 1, "−": -1, "0": 0}
_SYMMETRIC = {"yes": True, "no": False}


def _relation_table(path: Path = DECISIONS) -> dict[str, tuple]:
    """The rows of the one table in the section "## Relation vocabulary" of ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("## Relation vocabulary") + 1
    section = []
    for line in lines[start:]:
        if line.startswith("## "):
            break
        section.append(line)
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section
        if line.startswith("|")
    ]
    assert rows and rows[0] == RELATION_COLUMNS, f"{path}: unexpected header {rows[:1]}"
    assert set("".join(rows[1])) <= set("- "), f"{path}: no separator row under the header"

    def value(cell: str) -> str | None:
        return None if cell == "–" else cell

    table: dict[str, tuple] = {}
    for row in rows[2:]:
        assert len(row) == len(RELATION_COLUMNS), f"{path}: malformed row {row}"
        name, sign, parent, family, symmetric, meaning, ucdp, cameo, plover = row
        name = name.strip("`")
        assert name not in table, f"{path}: relation {name} listed twice"
        assert sign in _SIGNS, f"{path}: {name}: sign {sign!r} is not one of +, −, 0"
        assert symmetric in _SYMMETRIC, f"{path}: {name}: symmetric {symmetric!r} not yes/no"
        assert value(meaning), f"{path}: {name}: no meaning"
        table[name] = (
            _SIGNS[sign],
            value(parent.strip("`")),
            family,
            _SYMMETRIC[symmetric],
            value(ucdp),
            value(cameo),
            value(plover),
        )
    return table


RELATION_TABLE: dict[str, tuple] = _relation_table()

# actors.csv kind code -> ontology class (docs/architecture.md: KINDS[kind].class_name)
KIND_TABLE: dict[str, str] = {
    "person": "Person",
    "state": "State",
    "government": "Government",
    "parliament": "Parliament",
    "armed_forces": "ArmedForces",
    "armed_group": "ArmedGroup",
    "militia": "Militia",
    "mercenary_group": "MercenaryGroup",
    "tribe": "Tribe",
    "intelligence_agency": "IntelligenceAgency",
    "international_organisation": "InternationalOrganisation",
    "ngo": "NGO",
    "media": "MediaOrganisation",
    "other": "OtherActor",
}

CERTAINTY_TABLE = ["confirmed", "probable", "possible", "doubtful", "improbable", "unknown"]


def _parse(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


ONT = _parse(ONTOLOGY)
SHAPES_GRAPH = _parse(SHAPES)

DECLARING_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    SKOS.Concept,
    SKOS.ConceptScheme,
)
AG_TERMS = sorted(
    {s for t in DECLARING_TYPES for s in ONT.subjects(RDF.type, t) if str(s).startswith(str(AG))}
)


def _local(term) -> str:
    return str(term)[len(str(AG)) :]


# --------------------------------------------------------------------------------------------
# parsing, header
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=lambda p: p.name)
def test_parses_with_rdflib(path):
    assert len(_parse(path)) > 100


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=lambda p: p.name)
def test_parses_with_pyoxigraph(path):
    quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(_parse(path))


@pytest.mark.parametrize("graph", [ONT, SHAPES_GRAPH], ids=["actorgraph.ttl", "shapes.ttl"])
def test_no_owl_imports(graph):
    assert not list(graph.triples((None, OWL.imports, None)))


def test_ontology_header():
    header = URIRef("https://w3id.org/actorgraph/ontology")
    assert (header, RDF.type, OWL.Ontology) in ONT
    for p in (DCTERMS.title, DCTERMS.description, OWL.versionInfo, DCTERMS.created):
        assert ONT.value(header, p) is not None, p
    assert ONT.value(header, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )


# --------------------------------------------------------------------------------------------
# every term documented, every ag: term declared
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("term", AG_TERMS, ids=_local)
def test_term_has_label_and_definition(term):
    labels = list(ONT.objects(term, RDFS.label)) + list(ONT.objects(term, SKOS.prefLabel))
    definitions = list(ONT.objects(term, SKOS.definition))
    assert len(labels) == 1 and str(labels[0]).strip(), f"ag:{_local(term)} needs one label"
    assert len(definitions) == 1 and str(definitions[0]).strip(), (
        f"ag:{_local(term)} needs one skos:definition"
    )


def test_every_ag_term_used_is_declared():
    used = {
        t for triple in ONT for t in triple if isinstance(t, URIRef) and str(t).startswith(str(AG))
    }
    assert used - set(AG_TERMS) == set()


# --------------------------------------------------------------------------------------------
# relation vocabulary vs docs/decisions.md, "Relation vocabulary"
# --------------------------------------------------------------------------------------------


def test_relations_are_exactly_the_design_table():
    relations = {_local(s) for s in ONT.subjects(AG.sign, None)}
    assert relations == set(RELATION_TABLE)
    order = sorted(relations, key=lambda n: int(ONT.value(AG[n], AG.order)))
    assert order == list(RELATION_TABLE)


def test_relation_table_is_read_from_the_document(tmp_path):
    """The expected values are the document's: a changed cell changes them, a bad one fails."""
    text = DECISIONS.read_text(encoding="utf-8")
    row = "| `funds` | + | `backs` | support | no |"
    assert text.count(row) == 1
    changed = tmp_path / "decisions.md"
    changed.write_text(text.replace(row, "| `funds` | − | – | opposition | yes |"), "utf-8")
    assert _relation_table(changed)["funds"][:4] == (-1, None, "opposition", True)
    changed.write_text(text.replace(row, "| `funds` | ++ | `backs` | support | no |"), "utf-8")
    with pytest.raises(AssertionError, match="funds: sign"):
        _relation_table(changed)


@pytest.mark.parametrize("name", list(RELATION_TABLE))
def test_relation_parent_matches_design(name):
    parent = RELATION_TABLE[name][1]
    parents = [p for p in ONT.objects(AG[name], RDFS.subPropertyOf)]
    assert parents == ([AG[parent]] if parent else [])


@pytest.mark.parametrize("name", list(RELATION_TABLE))
def test_relation_sign_matches_design(name):
    signs = list(ONT.objects(AG[name], AG.sign))
    assert len(signs) == 1
    assert signs[0].datatype == XSD_INT
    assert signs[0].toPython() in (-1, 0, 1)
    assert signs[0].toPython() == RELATION_TABLE[name][0]


@pytest.mark.parametrize("name", list(RELATION_TABLE))
def test_relation_axioms_and_annotations(name):
    _sign, _parent, family, symmetric, ucdp, cameo, plover = RELATION_TABLE[name]
    term = AG[name]
    assert (term, RDF.type, OWL.ObjectProperty) in ONT
    assert (term, RDF.type, OWL.IrreflexiveProperty) in ONT
    assert ((term, RDF.type, OWL.SymmetricProperty) in ONT) is symmetric
    assert ONT.value(term, RDFS.domain) == AG.Actor
    assert ONT.value(term, RDFS.range) == AG.Actor
    assert ONT.value(term, AG.family) == Literal(family)
    for prop, expected in ((AG.ucdpEsd, ucdp), (AG.cameo, cameo), (AG.plover, plover)):
        values = [str(v) for v in ONT.objects(term, prop)]
        assert values == ([expected] if expected else []), prop


def test_org_alignments():
    assert (AG.leads, SKOS.closeMatch, ORG.headOf) in ONT
    assert (AG.part_of, SKOS.closeMatch, ORG.subOrganizationOf) in ONT
    assert (AG.part_of, SKOS.closeMatch, ORG.memberOf) in ONT


# --------------------------------------------------------------------------------------------
# kinds, scales
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", list(KIND_TABLE))
def test_kind_class(code):
    cls = AG[KIND_TABLE[code]]
    assert (cls, RDF.type, OWL.Class) in ONT
    assert ONT.value(cls, AG.kindCode) == Literal(code)
    assert (cls, RDFS.subClassOf * "+", AG.Actor) in ONT


def test_actor_claim_source_classes():
    assert (AG.Actor, RDFS.subClassOf, PROV.Agent) in ONT
    assert (AG.Claim, RDFS.subClassOf, PROV.Entity) in ONT
    assert (AG.Source, RDFS.subClassOf, PROV.Entity) in ONT
    assert (AG.Militia, RDFS.subClassOf, AG.ArmedGroup) in ONT
    assert (AG.MercenaryGroup, RDFS.subClassOf, AG.ArmedGroup) in ONT


def test_certainty_scale():
    concepts = sorted(
        ONT.subjects(SKOS.inScheme, AG.CertaintyScale),
        key=lambda c: ONT.value(c, SKOS.notation).toPython(),
    )
    assert [_local(c) for c in concepts] == CERTAINTY_TABLE
    assert [ONT.value(c, SKOS.notation).toPython() for c in concepts] == [1, 2, 3, 4, 5, 6]
    assert all(ONT.value(c, SKOS.notation).datatype == XSD_INT for c in concepts)
    assert {str(a) for a in ONT.objects(AG.possible, SKOS.altLabel)} == {"alleged"}
    assert {str(a) for a in ONT.objects(AG.probable, SKOS.altLabel)} == {"reported"}


def test_reliability_scale():
    concepts = list(ONT.subjects(SKOS.inScheme, AG.ReliabilityScale))
    letters = sorted(str(ONT.value(c, SKOS.notation)) for c in concepts)
    assert letters == list("ABCDEF")
    assert str(ONT.value(AG.reliabilityA, SKOS.prefLabel)) == "completely reliable"
    assert str(ONT.value(AG.reliabilityF, SKOS.prefLabel)) == "reliability cannot be judged"


# --------------------------------------------------------------------------------------------
# the generated module
# --------------------------------------------------------------------------------------------


def test_vocab_module_is_up_to_date():
    proc = subprocess.run(
        [sys.executable, str(GEN_VOCAB), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr


def test_vocab_module_content():
    from actorgraph import _vocab

    assert str(AG) == _vocab.AG
    assert _vocab.ID == "https://w3id.org/actorgraph/id/"
    assert list(_vocab.RELATIONS) == list(RELATION_TABLE)
    for name, (sign, parent, family, symmetric, ucdp, cameo, plover) in RELATION_TABLE.items():
        info = _vocab.RELATIONS[name]
        assert (info.name, info.sign, info.parent, info.family, info.symmetric) == (
            name,
            sign,
            parent,
            family,
            symmetric,
        )
        assert (info.ucdp_esd, info.cameo, info.plover) == (ucdp, cameo, plover)
        assert info.children == tuple(n for n, row in RELATION_TABLE.items() if row[1] == name)
        assert info.label and info.definition
    assert {c: k.class_name for c, k in _vocab.KINDS.items()} == KIND_TABLE
    assert list(_vocab.KINDS) == list(KIND_TABLE)
    assert list(_vocab.CERTAINTY) == CERTAINTY_TABLE
    assert [c.rank for c in _vocab.CERTAINTY.values()] == [1, 2, 3, 4, 5, 6]
    assert _vocab.CERTAINTY_ALIASES == {"alleged": "possible", "reported": "probable"}
    assert list(_vocab.RELIABILITY) == list("ABCDEF")


def _gen_vocab_module():
    spec = importlib.util.spec_from_file_location("gen_vocab", GEN_VOCAB)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_gen_vocab_check_fails_on_stale_module(tmp_path, monkeypatch, capsys):
    gen = _gen_vocab_module()
    stale = tmp_path / "_vocab.py"
    stale.write_text("# stale\n", encoding="utf-8")
    monkeypatch.setattr(gen, "OUT", stale)
    assert gen.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert gen.main([]) == 0
    assert gen.main(["--check"]) == 0


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        ((AG.mediates, AG.family, None), "ag:mediates has no family"),
        ((AG.arms, SKOS.definition, None), "ag:arms has no definition"),
        ((AG.fights, RDF.type, OWL.IrreflexiveProperty), "not a owl:IrreflexiveProperty"),
        ((AG.Militia, AG.order, None), "ag:Militia needs exactly one order"),
    ],
)
def test_gen_vocab_explains_what_is_missing(drop, message):
    gen = _gen_vocab_module()
    g = Graph()
    for triple in ONT:
        g.add(triple)
    g.remove(drop)
    with pytest.raises(gen.VocabError, match=message):
        gen.render(g)


# --------------------------------------------------------------------------------------------
# the shapes agree with the ontology
# --------------------------------------------------------------------------------------------


def _list(node) -> list:
    return list(Collection(SHAPES_GRAPH, node))


SHAPES_NS = Namespace("https://w3id.org/actorgraph/shapes#")


def test_shapes_relation_list_is_the_vocabulary():
    values = _list(SHAPES_GRAPH.value(SHAPES_NS.ClaimRelationKnown, SH["in"]))
    assert values == [AG[n] for n in RELATION_TABLE]


def test_shapes_certainty_list_is_the_scale():
    values = _list(SHAPES_GRAPH.value(SHAPES_NS.ClaimCertaintyKnown, SH["in"]))
    assert values == [AG[c] for c in CERTAINTY_TABLE]


def test_shapes_cover_every_kind_class():
    kind_classes = {AG[c] for c in KIND_TABLE.values()} | {AG.Actor}
    targets = set(SHAPES_GRAPH.objects(SHAPES_NS.ActorShape, SH.targetClass))
    assert targets == kind_classes
    alternatives = _list(SHAPES_GRAPH.value(SHAPES_NS.IsActor, SH["or"]))
    assert {SHAPES_GRAPH.value(a, SH["class"]) for a in alternatives} == kind_classes


PROPERTY_SHAPES = sorted(
    {o for o in SHAPES_GRAPH.objects(None, SH.property)}
    | set(SHAPES_GRAPH.subjects(RDF.type, SH.PropertyShape))
)


@pytest.mark.parametrize("shape", PROPERTY_SHAPES, ids=lambda s: str(s).rsplit("#", 1)[-1])
def test_property_shape_has_name_and_message(shape):
    name = SHAPES_GRAPH.value(shape, SH.name)
    message = SHAPES_GRAPH.value(shape, SH.message)
    assert name is not None and message is not None
    assert f"field '{name}'" in str(message)
    assert str(message).split(" ", 1)[0] in {"actor", "source", "claim"}


def test_shapes_graph_is_valid_shacl():
    # pySHACL checks the shapes graph against the SHACL-for-SHACL shapes.
    conforms, _, text = _validate(_data(), meta_shacl=True)
    assert conforms, text


# --------------------------------------------------------------------------------------------
# SHACL validation of data graphs in the RDF shape of docs/architecture.md
# --------------------------------------------------------------------------------------------

PREFIXES = """\
@prefix ag: <https://w3id.org/actorgraph/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

ACTORS = {
    "LNA": {
        "a": "ag:ArmedForces",
        "dcterms:identifier": '"LNA"',
        "rdfs:label": '"Libyan National Army"',
        "skos:altLabel": '"LNA"',
        "ag:country": '"LY"',
        "dcterms:description": '"Forces loyal to Khalifa Haftar."',
    },
    "ISR_MIL": {
        "a": "ag:ArmedForces",
        "dcterms:identifier": '"ISR_MIL"',
        "rdfs:label": '"Israeli military"',
        "ag:country": '"IL"',
    },
    "EGY": {
        "a": "ag:State",
        "dcterms:identifier": '"EGY"',
        "rdfs:label": '"Egypt"',
        "ag:country": '"EG"',
        "owl:sameAs": "<http://www.wikidata.org/entity/Q79>",
    },
}

SOURCE = {
    "a": "ag:Source",
    "dcterms:identifier": '"tna-2019-12-07"',
    "dcterms:title": "\"Israeli military 'secretly training' Libya's Haftar militias\"",
    "dcterms:publisher": '"The New Arab"',
    "dcterms:issued": '"2019-12-07"^^xsd:date',
    "schema:url": '"https://www.newarab.com/"^^xsd:anyURI',
    "ag:reliability": '"C"',
    "dcterms:language": '"en"',
}

CLAIM = {
    "a": "ag:Claim",
    "dcterms:identifier": '"c1"',
    "ag:subject": "<https://w3id.org/actorgraph/id/actor/ISR_MIL>",
    "ag:relation": "ag:trains",
    "ag:object": "<https://w3id.org/actorgraph/id/actor/LNA>",
    "ag:start": '"2019-08"^^xsd:gYearMonth',
    "ag:end": '"2019-09"^^xsd:gYearMonth',
    "ag:certainty": "ag:possible",
    "prov:wasDerivedFrom": "<https://w3id.org/actorgraph/id/source/tna-2019-12-07>",
    "ag:quote": '"the Israeli military training militias loyal to Haftar in \\"street warfare\\""',
    "ag:attributedTo": '"Libyan and Egyptian sources"',
    "ag:via": "<https://w3id.org/actorgraph/id/actor/EGY>",
    "ag:place": '"Libya"',
    "rdfs:comment": '"Coordinated by Egypt."',
    "ag:stance": "ag:asserts",
}


def _node(iri: str, props: dict[str, str | None]) -> str:
    body = " ;\n    ".join(f"{p} {o}" for p, o in props.items() if o is not None)
    return f"{iri}\n    {body} .\n"


def _data(claim=None, actor=None, source=None) -> str:
    """A Turtle data graph: three actors, one source, one claim and its direct triple.

    ``claim``, ``actor`` (overrides of actor LNA) and ``source`` override predicate -> object
    text; ``None`` removes the predicate.
    """
    out = [PREFIXES]
    for ident, props in ACTORS.items():
        props = {**props, **(actor or {})} if ident == "LNA" else props
        out.append(_node(f"<https://w3id.org/actorgraph/id/actor/{ident}>", props))
    out.append(
        _node(
            "<https://w3id.org/actorgraph/id/source/tna-2019-12-07>", {**SOURCE, **(source or {})}
        )
    )
    c = {**CLAIM, **(claim or {})}
    out.append(_node("<https://w3id.org/actorgraph/id/claim/c1>", c))
    if c["ag:subject"] and c["ag:relation"] and c["ag:object"]:
        out.append(f"{c['ag:subject']} {c['ag:relation']} {c['ag:object']} .\n")
    return "\n".join(out)


def _validate(turtle: str, **kwargs):
    data = Graph().parse(data=turtle, format="turtle")
    return pyshacl.validate(
        data, shacl_graph=SHAPES_GRAPH, inference="none", allow_warnings=False, advanced=True,
        **kwargs
    )


def _results(report: Graph) -> list[tuple[URIRef | None, str | None, str]]:
    """(sh:resultPath, sh:name of the source shape, message) of each top-level result."""
    out = []
    for report_node in report.subjects(RDF.type, SH.ValidationReport):
        for r in report.objects(report_node, SH.result):
            shape = report.value(r, SH.sourceShape)
            name = SHAPES_GRAPH.value(shape, SH.name)
            out.append(
                (
                    report.value(r, SH.resultPath),
                    str(name) if name is not None else None,
                    str(report.value(r, SH.resultMessage)),
                )
            )
    return out


VALID_CASES = {
    "as-in-architecture": {},
    "no-dates": {"ag:start": None, "ag:end": None},
    "open-end": {"ag:end": None},
    "open-start": {"ag:start": None},
    "month-start-day-end-same-first-day": {
        "ag:start": '"2019-08"^^xsd:gYearMonth',
        "ag:end": '"2019-08-01"^^xsd:date',
    },
    "year-start-month-end-same-year": {
        "ag:start": '"2019"^^xsd:gYear',
        "ag:end": '"2019-01"^^xsd:gYearMonth',
    },
    "day-start-year-end": {"ag:start": '"2019-12-31"^^xsd:date', "ag:end": '"2019"^^xsd:gYear'},
    "same-day": {"ag:start": '"2019-08-15"^^xsd:date', "ag:end": '"2019-08-15"^^xsd:date'},
    "february-end": {"ag:start": '"2020-02-29"^^xsd:date', "ag:end": '"2020-02"^^xsd:gYearMonth'},
    "no-optional-fields": {
        "ag:attributedTo": None,
        "ag:via": None,
        "ag:place": None,
        "rdfs:comment": None,
    },
    "symmetric-relation": {"ag:relation": "ag:meets_with"},
    "denial": {"ag:stance": "ag:denies"},
    # a claim from a dataset names its record instead of quoting (issue 16)
    "evidence-instead-of-quote": {"ag:quote": None,
                                  "ag:evidence": '"UCDP ESD 18.1, ext_id 2, actor_id 411, 2015"'},
    "quote-and-evidence": {"ag:evidence": '"ACLED LBY1234"'},
}


@pytest.mark.parametrize("claim", list(VALID_CASES.values()), ids=list(VALID_CASES))
def test_valid_data_conforms(claim):
    conforms, _, text = _validate(_data(claim=claim))
    assert conforms, text


ACTOR = "<https://w3id.org/actorgraph/id/actor/LNA>"

# id: (claim overrides, actor overrides, source overrides, expected sh:resultPath, expected sh:name)
INVALID_CASES = {
    "empty-quote": ({"ag:quote": '""'}, None, None, AG.quote, "quote"),
    "missing-stance": ({"ag:stance": None}, None, None, AG.stance, "stance"),
    "unknown-stance": ({"ag:stance": "ag:maybe"}, None, None, AG.stance, "stance"),
    "whitespace-quote": ({"ag:quote": '"  \\t\\n "'}, None, None, AG.quote, "quote"),
    # neither a quote nor an evidence record: the node shape's sh:or, which has no result path
    "missing-quote": ({"ag:quote": None}, None, None, None, "quote"),
    "empty-evidence": ({"ag:quote": None, "ag:evidence": '" "'}, None, None, AG.evidence,
                       "evidence"),
    "missing-source": (
        {"prov:wasDerivedFrom": None},
        None,
        None,
        PROV.wasDerivedFrom,
        "sources",
    ),
    "unknown-source": (
        {"prov:wasDerivedFrom": "<https://w3id.org/actorgraph/id/source/nope>"},
        None,
        None,
        PROV.wasDerivedFrom,
        "sources",
    ),
    "unknown-relation": ({"ag:relation": "ag:loves"}, None, None, AG.relation, "relation"),
    "missing-relation": ({"ag:relation": None}, None, None, AG.relation, "relation"),
    "end-day-before-start-month": (
        {"ag:start": '"2019-09"^^xsd:gYearMonth', "ag:end": '"2019-08-15"^^xsd:date'},
        None,
        None,
        AG.end,
        "end",
    ),
    "end-month-before-start-day": (
        {"ag:start": '"2019-09-01"^^xsd:date', "ag:end": '"2019-08"^^xsd:gYearMonth'},
        None,
        None,
        AG.end,
        "end",
    ),
    "end-year-before-start-year": (
        {"ag:start": '"2020"^^xsd:gYear', "ag:end": '"2019"^^xsd:gYear'},
        None,
        None,
        AG.end,
        "end",
    ),
    "end-year-before-start-day": (
        {"ag:start": '"2020-01-01"^^xsd:date', "ag:end": '"2019"^^xsd:gYear'},
        None,
        None,
        AG.end,
        "end",
    ),
    "start-not-a-date": ({"ag:start": '"August 2019"'}, None, None, AG.start, "start"),
    "start-ill-formed": ({"ag:start": '"2019-13"^^xsd:gYearMonth'}, None, None, AG.start, "start"),
    "start-impossible-day": ({"ag:start": '"2019-02-30"^^xsd:date'}, None, None, AG.start, "start"),
    "start-two-digit-year": ({"ag:start": '"19"^^xsd:gYear'}, None, None, AG.start, "start"),
    "two-ends": (
        {"ag:end": '"2019-09"^^xsd:gYearMonth , "2019-10"^^xsd:gYearMonth'},
        None,
        None,
        AG.end,
        "end",
    ),
    "self-loop": ({"ag:object": ACTOR, "ag:subject": ACTOR}, None, None, AG.object, "object"),
    "missing-subject": ({"ag:subject": None}, None, None, AG.subject, "subject"),
    "subject-not-an-actor": (
        {"ag:subject": "<https://w3id.org/actorgraph/id/actor/NOBODY>"},
        None,
        None,
        AG.subject,
        "subject",
    ),
    "via-not-an-actor": (
        {"ag:via": "<https://w3id.org/actorgraph/id/source/tna-2019-12-07>"},
        None,
        None,
        AG.via,
        "via",
    ),
    "certainty-not-on-scale": (
        {"ag:certainty": "ag:likely"},
        None,
        None,
        AG.certainty,
        "certainty",
    ),
    "certainty-as-literal": (
        {"ag:certainty": '"possible"'},
        None,
        None,
        AG.certainty,
        "certainty",
    ),
    "certainty-reliability-concept": (
        {"ag:certainty": "ag:reliabilityA"},
        None,
        None,
        AG.certainty,
        "certainty",
    ),
    "missing-certainty": ({"ag:certainty": None}, None, None, AG.certainty, "certainty"),
    "bad-claim-id": ({"dcterms:identifier": '"c 1"'}, None, None, DCTERMS.identifier, "id"),
    "bad-wikidata-pattern": (None, {"owl:sameAs": "<http://www.wikidata.org/entity/Q0123>"},
                             None, OWL.sameAs, "wikidata"),
    "wikidata-as-text": (None, {"owl:sameAs": '"Q42"'}, None, OWL.sameAs, "wikidata"),
    "unknown-identifier-scheme": (None, {"ag:identifier": '"cow:620"'}, None, AG.identifier,
                                  "identifiers"),
    "source-kind-not-dcmi": (None, None, {"dcterms:type": '"dataset"'}, DCTERMS.type, "kind"),
    "licence-as-text": (None, None, {"dcterms:license": '"CC BY 4.0"'}, DCTERMS.license,
                        "licence"),
    "bad-country": (None, {"ag:country": '"Libya"'}, None, AG.country, "country"),
    "empty-label": (None, {"rdfs:label": '" "'}, None, RDFS.label, "label"),
    "missing-label": (None, {"rdfs:label": None}, None, RDFS.label, "label"),
    "bad-actor-id": (None, {"dcterms:identifier": '"L N A"'}, None, DCTERMS.identifier, "id"),
    "bad-reliability": (None, None, {"ag:reliability": '"G"'}, AG.reliability, "reliability"),
    "missing-title": (None, None, {"dcterms:title": None}, DCTERMS.title, "title"),
    "published-not-a-date": (
        None,
        None,
        {"dcterms:issued": '"7 December 2019"'},
        DCTERMS.issued,
        "published",
    ),
}


@pytest.mark.parametrize(
    ("claim", "actor", "source", "path", "name"),
    list(INVALID_CASES.values()),
    ids=list(INVALID_CASES),
)
def test_invalid_data_is_reported_on_the_right_field(claim, actor, source, path, name):
    conforms, report, text = _validate(_data(claim=claim, actor=actor, source=source))
    assert not conforms
    results = _results(report)
    assert results, text
    # every result maps back to a CSV column, and its message names that column
    for _path, result_name, message in results:
        assert result_name is not None, text
        assert f"'{result_name}'" in message, message
    matching = [r for r in results if r[1] == name and (path is None or r[0] == path)]
    assert matching, f"no result with sh:name {name!r} and sh:resultPath {path}:\n{text}"


def test_the_identifier_pattern_lists_every_scheme_of_the_ontology():
    """ags:ActorIdentifierPattern spells the schemes out; they are the notations of the
    concepts of ag:IdentifierScheme, as _vocab.IDENTIFIER_SCHEMES reads them."""
    from actorgraph._vocab import IDENTIFIER_SCHEMES

    pattern = str(SHAPES_GRAPH.value(URIRef("https://w3id.org/actorgraph/shapes#ActorIdentifierPattern"),
                                     SH.pattern))
    assert pattern == f"^({'|'.join(IDENTIFIER_SCHEMES)}):\\S"
