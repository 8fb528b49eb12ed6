"""pandas DataFrames of a graph's claims, actors, sources and edges (pandas is optional).

Dates are dates: a partial date (``2019``, ``2019-08``) becomes the first day of its period
for a start and the last for an end (``datetime64``), with its precision in a column of its
own (``year``, ``month``, ``day``), so nothing is lost and ranges compare as dates. Certainty
is an ordered category (``confirmed`` best), relations, kinds and stances categories.
"""

from __future__ import annotations

from ._dates import PartialDate, first_day, last_day
from ._exceptions import ActorGraphError

__all__ = ["TABLES", "to_pandas"]

TABLES = ("claims", "actors", "sources", "edges")
_PRECISION = {1: "year", 2: "month", 3: "day"}


def _pandas():
    try:
        import pandas
    except ImportError:
        raise ActorGraphError("to_pandas needs pandas, which is not installed: "
                              "pip install 'actorgraph[pandas]' (or pip install pandas)") from None
    return pandas


def _dates(pd, values, bound):
    """``(datetime64 column, precision column)`` of partial dates, ``bound`` their first or
    last day."""
    values = [v if isinstance(v, str) and v else None for v in values]  # pandas: NaN for None
    days = [bound(v) if v else None for v in values]
    precision = [_PRECISION[PartialDate.parse(v).precision] if v else None for v in values]
    return (pd.to_datetime(pd.Series(days, dtype="object")),
            pd.Series(precision, dtype="category"))


def _with_dates(pd, frame, columns: dict[str, object]):
    for column, bound in columns.items():
        frame[column], frame[f"{column}_precision"] = _dates(pd, list(frame[column]), bound)
    return frame


def to_pandas(graph, table: str = "claims"):
    """A DataFrame of ``table``: ``claims``, ``actors``, ``sources`` or ``edges``."""
    pd = _pandas()
    from ._vocab import CERTAINTY, KINDS, RELATIONS, STANCES

    if table not in TABLES:
        raise ActorGraphError(f"unknown table {table!r}; use one of: {', '.join(TABLES)}")
    certainty = pd.CategoricalDtype(list(CERTAINTY), ordered=True)
    if table == "claims":
        frame = pd.DataFrame([c.to_dict() for c in graph.claims()],
                             columns=[f.name for f in _fields("claim")])
        frame = _with_dates(pd, frame, {"start": first_day, "end": last_day})
        frame["certainty"] = frame["certainty"].astype(certainty)
        frame["relation"] = frame["relation"].astype(pd.CategoricalDtype(list(RELATIONS)))
        frame["stance"] = frame["stance"].astype(pd.CategoricalDtype(list(STANCES)))
        return frame
    if table == "actors":
        frame = pd.DataFrame([a.to_dict() for a in graph.actors()],
                             columns=[f.name for f in _fields("actor")])
        frame["kind"] = frame["kind"].astype(pd.CategoricalDtype(list(KINDS)))
        return frame
    if table == "sources":
        frame = pd.DataFrame([s.to_dict() for s in graph.sources()],
                             columns=[f.name for f in _fields("source")])
        return _with_dates(pd, frame, {"published": first_day})
    G = graph.to_networkx()
    rows = [{"source": u, "target": v, **data} for u, v, data in G.edges(data=True)]
    frame = pd.DataFrame(rows, columns=["source", "target", "relation", "sign", "family",
                                        "symmetric", "certainty", "start", "end", "claims",
                                        "sources"])
    frame = _with_dates(pd, frame, {"start": first_day, "end": last_day})
    frame["certainty"] = frame["certainty"].astype(certainty)
    frame["relation"] = frame["relation"].astype(pd.CategoricalDtype(list(RELATIONS)))
    frame["sign"] = frame["sign"].astype("int64")
    frame["symmetric"] = frame["symmetric"].astype("bool")
    return frame


def _fields(kind: str):
    from ._schema import FIELDS

    return FIELDS[kind]
