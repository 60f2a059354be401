"""Fixtures of the central replication tests: throw-away logical clusters, three offices."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from db.store.engine import Database, open_database
from tests.helpers.central import Offices, replicated_offices
from tests.helpers.clusters import Cluster, logical_clusters

__all__ = ["logical_clusters"]


@dataclass(frozen=True)
class Sites:
    office_cluster: Cluster
    central_cluster: Cluster
    offices: Offices
    central: Database


@pytest.fixture(scope="session")
def sites(logical_clusters: tuple[Cluster, Cluster]) -> Iterator[Sites]:
    """Three offices with a simulated day each, published and subscribed, fully copied."""
    office_cluster, central_cluster = logical_clusters
    central = open_database(central_cluster.url("walkin_central"), pool=False)
    with replicated_offices(office_cluster, central_cluster, central) as offices:
        yield Sites(office_cluster, central_cluster, offices, central)
    central.dispose()
