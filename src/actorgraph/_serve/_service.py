"""The SPARQL 1.1 Service Description answered at ``GET /sparql`` without a query.

The endpoint is named ``<>``: relative IRIs resolve against the address the client used,
so the description is right behind a proxy and never echoes a ``Host`` header.
"""

from __future__ import annotations

import json

from ._negotiate import MEDIA_TYPES

__all__ = ["service_description"]

_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "nt": "N-Triples", "json-ld": "JSON-LD",
    "rdf-xml": "RDF_XML",
}


def service_description(*, updates: bool, triples: int | None, dataset: str) -> bytes:
    """The description as Turtle.

    Parameters
    ----------
    updates : bool
        Whether the server accepts SPARQL Update (it was started with a token).
    triples : int, optional
        The size of the default graph.
    dataset : str
        The dataset's name.

    Examples
    --------
    >>> b"sd:SPARQL11Query" in service_description(updates=False, triples=3, dataset="x")
    True
    """
    languages = "sd:SPARQL11Query" + (", sd:SPARQL11Update" if updates else "")
    formats = ",\n        ".join(f"<http://www.w3.org/ns/formats/{_FORMAT_IRIS[f]}>"
                                 for f in MEDIA_TYPES)
    size = f" ;\n            void:triples {triples}" if triples is not None else ""
    title = json.dumps(dataset, ensure_ascii=False)  # a valid Turtle string too
    text = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<> a sd:Service ;
    sd:endpoint <> ;
    sd:supportedLanguage {languages} ;
    sd:resultFormat {formats} ;
    sd:defaultDataset [
        a sd:Dataset ;
        dcterms:title {title} ;
        sd:defaultGraph [
            a sd:Graph{size}
        ]
    ] .
"""
    return text.encode("utf-8")
