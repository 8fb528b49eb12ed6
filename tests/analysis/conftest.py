"""Signed networks with published balance values, and random signed graphs for property tests."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(scope="session")
def tribes() -> nx.Graph:
    """Read's Highland Tribes (Gahuku-Gama, 1954) as in UCINET's GAMA; provenance in
    tests/data/highland-tribes.README.md."""
    G = nx.Graph()
    with open(DATA / "highland-tribes.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            G.add_edge(row["source"], row["target"], sign=int(row["sign"]))
    return G
