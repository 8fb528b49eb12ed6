"""Alliance analytics.

Pure functions over any networkx graph with an integer ``sign`` edge attribute (+1/-1):
:func:`balance`, :func:`camps`, :func:`frustrated_edges`, :func:`enemy_of_enemy`,
:func:`brokers`. They never modify their input and work on graphs that did not come from
actorgraph. Functions over an :class:`actorgraph.Graph`'s claims: :func:`alliance_camps`,
:func:`proxies`, :func:`both_sides`, :func:`contradictions`, :func:`timeline`.
"""

from .balance import balance
from .brokers import brokers
from .camps import CampsResult, camps, frustrated_edges
from .claims import AllianceCamps, alliance_camps, both_sides, contradictions, proxies, timeline
from .triads import enemy_of_enemy

__all__ = [
    "AllianceCamps",
    "CampsResult",
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
