"""``actorgraph.load``: a dataset folder or an RDF file, checked, into a store, all or nothing."""

from __future__ import annotations

import warnings as _warnings
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ._exceptions import LoadError, StoreError
from ._graph import Graph
from ._resources import dataset_path, ontology_path
from ._store import Store, open_store

__all__ = ["AUTO_OXIGRAPH_BYTES", "NoClaimsWarning", "load", "ontology_lines"]

# rdflib answers a whole-graph query over 1,000 claims in ~5 s where Oxigraph takes 0.08 s
# (measured here); rdflib stays the default only for small datasets, up to ~500 claims.
AUTO_OXIGRAPH_BYTES = 100 * 1024


class NoClaimsWarning(UserWarning):
    """A dataset loaded, but it states no claim (a ``claims.csv`` with its header only):
    nothing is wrong with it, yet nothing can be asked of it."""


@cache
def ontology_lines() -> tuple[str, ...]:
    """The ontology as N-Triples lines (loaded with every dataset, so SPARQL sees the vocabulary)."""
    import pyoxigraph as ox

    data = ontology_path().read_bytes()
    return tuple(f"{t} .\n" for t in ox.parse(data, ox.RdfFormat.TURTLE))


def _auto_store(paths: list[Path]) -> str:
    size = 0
    for path in paths:
        claims = path / "claims.csv" if path.is_dir() else path
        size += claims.stat().st_size if claims.exists() else 0
    return "oxigraph" if size > AUTO_OXIGRAPH_BYTES else "memory"


def _stream(paths: list[Path], format: str | None):  # noqa: A002 - load()'s word
    """The record stream of one dataset, or of several merged (and the merge's report)."""
    from ._readers import reader_for

    streams = [reader_for(path, format).read(path) for path in paths]
    if len(streams) == 1:
        return streams[0], None
    from ._merge import merge_streams

    return merge_streams(streams)


def load(path: str | Path | Sequence[str | Path] | None = None, *,
         format: str | None = None,  # noqa: A002
         store: str | Store | None = None) -> Graph:
    """Load a dataset, or several merged into one, into a store and return the :class:`Graph`.

    Parameters
    ----------
    path : str or Path, or a list of them, optional
        A dataset folder (``actors.csv``, ``sources.csv``, ``claims.csv``), an RDF file
        (``.ttl``, ``.nt``, ``.jsonld``), or anything a registered reader takes. Several
        are merged (the first the base): actors that share an id, a Wikidata id or a name
        are one actor, identical sources are kept once, claim ids that collide get the
        dataset's name; ``graph.merge_report`` lists what was unified and every conflict
        (also in ``graph.warnings``). Default: the bundled Libya 2019 dataset.
    format : str, optional
        The reader to use (``dataset``, ``turtle``, ``ntriples``, ``jsonld`` …); by
        default the first reader that takes each path.
    store : str, optional
        ``"memory"`` (rdflib), ``"oxigraph"`` (in memory), ``"oxigraph:PATH"`` (on
        disk, persistent) or ``"sparql+http://host:port/…"`` (a SPARQL 1.1 server).
        Default: ``memory`` for small data, ``oxigraph`` above about 500 claims
        (``claims.csv`` or RDF files over 100 KB together).
        A persistent or remote store that already holds data is reopened as it is
        when ``path`` is not given.

    Returns
    -------
    Graph

    Raises
    ------
    LoadError
        Listing every problem found, each with file, line and field; nothing is loaded.

    Examples
    --------
    >>> import actorgraph
    >>> g = actorgraph.load()
    >>> g.info()["store"]
    'memory'
    """
    target = open_store(store) if store is not None else None
    if path is None and target is not None and target.persistent and not target.is_empty():
        return Graph(target, dataset=target.kind)
    if path is None:
        paths = [dataset_path()]
    elif isinstance(path, (str, Path)):
        paths = [Path(path)]
    else:
        paths = [Path(p) for p in path]
        if not paths:
            raise LoadError("no dataset given: load() takes a path or a list of paths")
    stream, report = _stream(paths, format)
    if target is None:
        target = open_store(_auto_store(paths))

    from ._ntriples import dataset_lines

    def lines():
        yield from ontology_lines()
        yield from dataset_lines(stream.actors, stream.sources, stream.claims())
        yield from stream.extra
        stream.verify()  # claims checked while streaming: a problem discards the staged load

    where = " + ".join(str(p) for p in paths)
    try:
        target.replace_with(lines())
    except (LoadError, StoreError):  # the data's problems, or the store's: said as they are
        raise
    except (OSError, ValueError, SyntaxError) as exc:
        raise LoadError(f"{where}: could not load into the {target.kind} store: {exc}") from exc
    if not stream.counted():
        _warnings.warn(f"{where}: the dataset has no claims (0 records)", NoClaimsWarning,
                       stacklevel=2)
    name = "libya-2019" if path is None else where
    graph = Graph(target, dataset=name, warnings=stream.warnings)
    graph.origins = stream.origins
    graph.merge_report = report
    return graph
