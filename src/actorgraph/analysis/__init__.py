"""Alliance analytics.

Pure functions over any undirected networkx graph whose edges carry an integer
``sign`` (+1 alliance, -1 enmity): :func:`balance`, :func:`camps` (with
:class:`CampsResult` and :func:`frustrated_edges`), :func:`enemy_of_enemy` and
:func:`brokers`. They never modify their input, work on graphs that did not come
from actorgraph, and raise :class:`SignError` for an edge without a valid sign.
Over an :class:`actorgraph.Graph`'s claims: :func:`alliance_camps`, :func:`proxies`,
:func:`both_sides`, :func:`contradictions`, :func:`timeline`.

Importing this package is cheap: NumPy and SciPy are imported by the functions
that need them.
"""

from ._signed import SignError
from .balance import balance
from .brokers import brokers
from .camps import CampsResult, camps, frustrated_edges
from .claims import AllianceCamps, alliance_camps, both_sides, contradictions, proxies, timeline
from .triads import enemy_of_enemy

__all__ = [
    "AllianceCamps",
    "CampsResult",
    "SignError",
    "alliance_camps",
    "balance",
    "both_sides",
    "brokers",
    "camps",
    "contradictions",
    "enemy_of_enemy",
    "frustrated_edges",
    "proxies",
    "timeline",
]
