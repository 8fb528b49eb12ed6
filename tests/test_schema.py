"""The schema is the one source of truth for the fields: a field added to its table alone
flows through every reader and writer.

The test adds a throwaway claim field (``confidence_note``, ``ag:confidenceNote``) to the
table, in a fresh interpreter before anything else of actorgraph is imported, and follows a
value from a CSV file into every kind of local store, back through the API, and out again as
a dataset folder — without touching any other module.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from actorgraph import _schema
from actorgraph._model import RECORDS

FLOW = textwrap.dedent('''
    import csv, json, pathlib, shutil, sys
    from actorgraph import _schema
    _schema.FIELDS["claim"] += (_schema.Field(
        "confidence_note", _schema.AG + "confidenceNote", "text", doc="a throwaway field"),)
    import actorgraph
    from actorgraph._csvwrite import write_dataset

    source, work = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    folder = work / "with-field"
    shutil.copytree(source, folder)
    rows = list(csv.DictReader((folder / "claims.csv").open(encoding="utf-8")))
    for row in rows:
        row["confidence_note"] = f"note of {row['id']}" if row["id"] in ("c001", "c002") else ""
    with (folder / "claims.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, [*rows[0]], lineterminator="\\n")
        writer.writeheader()
        writer.writerows(rows)
    seen = {}
    for store in ("memory", "oxigraph", f"oxigraph:{work / 'disk'}"):
        g = actorgraph.load(folder, store=store)
        claims = {c.id: c for c in g.claims()}
        seen[store] = [claims["c001"].confidence_note, claims["c003"].confidence_note]
        assert g.query("SELECT ?n WHERE { ?c ag:confidenceNote ?n }").rows
    back = work / "back"
    write_dataset(back, {"actor": g.actors(), "source": g.sources(), "claim": g.claims()})
    header = (back / "claims.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    reloaded = {c.id: c for c in actorgraph.load(back).claims()}
    print(json.dumps({"seen": seen, "header": header,
                      "reloaded": reloaded["c002"].confidence_note}))
''')


def test_a_new_field_flows_through_without_touching_another_module(tmp_path):
    import json

    from actorgraph._resources import dataset_path

    proc = subprocess.run([sys.executable, "-c", FLOW, str(dataset_path()), str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.splitlines()[-1])
    assert all(v == ["note of c001", None] for v in out["seen"].values())
    assert out["header"][-1] == "confidence_note"
    assert out["reloaded"] == "note of c002"


@pytest.mark.parametrize("kind", _schema.KINDS_OF_RECORD)
def test_the_model_has_the_schema_fields_in_order(kind):
    fields = RECORDS[kind].__dataclass_fields__
    assert list(fields) == [f.name for f in _schema.FIELDS[kind]]


@pytest.mark.parametrize("kind", _schema.KINDS_OF_RECORD)
def test_every_field_has_a_type_a_predicate_and_the_ontology_declares_it(kind):
    import rdflib

    from actorgraph._fieldtypes import TYPES
    from actorgraph._resources import ontology_path

    ontology = rdflib.Graph().parse(ontology_path(), format="turtle")
    declared = set(ontology.subjects())
    for f in _schema.FIELDS[kind]:
        assert f.type in TYPES
        if f.predicate.startswith(_schema.AG):
            assert rdflib.URIRef(f.predicate) in declared, f.predicate
