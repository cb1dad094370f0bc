"""Example data: a seeded generator of regional clusters, the bundled example and the
bundled CORDIS Horizon 2020 extract (:func:`load_cordis`, in :mod:`linkages.datasets.cordis`)."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd

from linkages._validation import InputError
from linkages.build.tables import from_tables
from linkages.build.two_mode import project_two_mode
from linkages.datasets.cordis import Cordis, load_cordis
from linkages.network import BuildReport, MultilayerNetwork
from linkages.vocabulary import FIRM_TYPES, RESEARCH_TYPES, STANDARD_LAYERS

__all__ = ["make_regional_cluster", "load_example", "example_tables", "load_cordis", "Cordis"]

_REGIONS = pd.DataFrame({"region": ["North", "Centre", "South", "East", "West"],
                         "lat": [45.60, 45.05, 44.45, 45.10, 44.95],
                         "lon": [9.20, 9.75, 9.30, 10.60, 8.80]})
_SECTORS = ["C29 motor vehicles", "C26 electronics", "C10 food", "C20 chemicals",
            "C28 machinery", "C13 textiles", "C21 pharmaceuticals", "C25 metal products"]
EXAMPLE_SEED = 7
EXAMPLE_SIZE = 300


def make_regional_cluster(n_organisations: int = 300, *, n_clusters: int = 4,
                          n_regions: int = 3, mixing: float = 0.1, seed: int | None = None
                          ) -> MultilayerNetwork:
    """A synthetic regional economy with planted Porter-style clusters, three layers.

    Each cluster has a sector, a home region, one or two large anchor firms and many SMEs;
    universities and research institutes, intermediaries and public bodies join clusters
    too. Layers:

    - ``production`` (directed, supplier -> customer, weight = yearly value in k EUR):
      SMEs supply their cluster's anchors and subcontract to each other;
    - ``scientific`` (undirected): joint R&D projects (2-6 partners, usually with a
      university or research institute) projected with Newman's 1/(n-1) weighting;
    - ``commercial`` (directed, seller -> buyer): about 40% of production ties also trade
      commercially, plus sales through intermediaries and across clusters.

    A share ``mixing`` of every organisation's ties goes to other clusters. Organisations
    carry ``name``, ``type``, ``size`` (employees), ``sector``, ``region``, ``lat``,
    ``lon`` and the ground truth ``planted_cluster`` and ``anchor``.

    Parameters
    ----------
    n_organisations : int
        At least 10 per cluster.
    n_clusters, n_regions : int
        Clusters (1-8) and regions (1-5); clusters are spread over regions in turn.
    mixing : float
        Share of ties that leave the cluster, in [0, 1).
    seed : int, optional
        Same seed, same network.

    Returns
    -------
    MultilayerNetwork
        The bundled example's project participations (the two-mode table behind its
        scientific layer) are in :func:`example_tables`.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.make_regional_cluster(200, n_clusters=3, seed=1)
    >>> net.layers
    ('production', 'scientific', 'commercial')
    >>> net.organisations["planted_cluster"].nunique()
    3
    >>> lk.make_regional_cluster(200, n_clusters=3, seed=1).relations.equals(net.relations)
    True
    """
    return _generate(n_organisations, n_clusters=n_clusters, n_regions=n_regions,
                     mixing=mixing, seed=seed)[0]


def _generate(n_organisations: int, *, n_clusters: int, n_regions: int, mixing: float,
              seed: int | None) -> tuple[MultilayerNetwork, pd.DataFrame]:
    """The network and the organisation x project table behind its scientific layer."""
    caller = "make_regional_cluster"
    if not 1 <= n_clusters <= len(_SECTORS):
        raise InputError(f"The 'n_clusters' argument of {caller} must be between 1 and "
                         f"{len(_SECTORS)}. Got {n_clusters!r} instead.")
    if not 1 <= n_regions <= len(_REGIONS):
        raise InputError(f"The 'n_regions' argument of {caller} must be between 1 and "
                         f"{len(_REGIONS)}. Got {n_regions!r} instead.")
    if n_organisations < 10 * n_clusters:
        raise InputError(f"The 'n_organisations' argument of {caller} must be at least 10 per "
                         f"cluster ({10 * n_clusters}). Got {n_organisations!r} instead.")
    if not 0 <= mixing < 1:
        raise InputError(f"The 'mixing' argument of {caller} must be in [0, 1). "
                         f"Got {mixing!r} instead.")
    rng = np.random.default_rng(seed)
    orgs = _organisations(n_organisations, n_clusters, n_regions, rng)
    production = _production(orgs, mixing, rng)
    projects = _projects(orgs, mixing, rng)
    commercial = _commercial(orgs, production, mixing, rng)
    report = BuildReport()
    scientific = project_two_mode(projects, organisation="organisation", group="project",
                                  weighting="newman", report=report)
    relations = pd.concat([production.assign(layer="production"),
                           scientific[["source", "target", "weight"]].assign(layer="scientific"),
                           commercial.assign(layer="commercial")], ignore_index=True)
    relations["layer"] = pd.Categorical(relations["layer"],
                                        categories=list(STANDARD_LAYERS))
    net = from_tables(orgs, relations, duplicates="sum")
    net.report.steps[:0] = report.steps
    net.report.note(f"generated by make_regional_cluster(n_organisations={n_organisations}, "
                    f"n_clusters={n_clusters}, n_regions={n_regions}, mixing={mixing}, "
                    f"seed={seed})")
    return net, projects


def example_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The bundled example as tables: organisations, relations, R&D project participations.

    Examples
    --------
    >>> import linkages as lk
    >>> orgs, rels, projects = lk.example_tables()
    >>> len(orgs), sorted(rels["layer"].unique())
    (300, ['commercial', 'production', 'scientific'])
    """
    folder = resources.files(__name__)
    read = {name: pd.read_csv(folder.joinpath(f"example_{name}.csv"))
            for name in ("organisations", "relations", "projects")}
    return read["organisations"], read["relations"], read["projects"]


def load_example() -> MultilayerNetwork:
    """The bundled example: 300 organisations in 4 planted clusters, 3 regions, 3 layers.

    Made by ``make_regional_cluster(300, n_clusters=4, seed=7)`` and shipped as CSV in the
    package, so it loads offline.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> net.n_organisations, net.layers
    (300, ('production', 'scientific', 'commercial'))
    >>> int(net.organisations["anchor"].sum())
    5
    """
    orgs, rels, _ = example_tables()
    rels["layer"] = pd.Categorical(rels["layer"],
                                   categories=list(STANDARD_LAYERS))
    return from_tables(orgs, rels, duplicates="error", self_loops="error")


def write_example(folder) -> None:
    """Regenerate the bundled CSV files (used by the maintainers, see datasets/README.md)."""
    from pathlib import Path
    folder = Path(folder)
    net, projects = _generate(EXAMPLE_SIZE, n_clusters=4, n_regions=3, mixing=0.1,
                              seed=EXAMPLE_SEED)
    net.organisations.reset_index().to_csv(folder / "example_organisations.csv", index=False)
    rel = net.relations.copy()
    rel["weight"] = rel["weight"].round(6)
    rel.to_csv(folder / "example_relations.csv", index=False)
    projects.to_csv(folder / "example_projects.csv", index=False)


# -- the generator's parts -----------------------------------------------------------------
def _organisations(n: int, k: int, n_regions: int, rng: np.random.Generator) -> pd.DataFrame:
    cluster = np.sort(rng.integers(0, k, n))
    cluster[:k] = np.arange(k)                       # every cluster is non-empty
    cluster = np.sort(cluster)
    type_ = rng.choice(["sme", "university", "research institute", "intermediary",
                        "public body"], size=n, p=[0.84, 0.05, 0.05, 0.04, 0.02]).astype(object)
    anchor = np.zeros(n, dtype=bool)
    for c in range(k):                                # one or two anchors per cluster
        members = np.flatnonzero(cluster == c)
        chosen = members[: 1 + int(rng.random() < 0.5 and len(members) > 20)]
        anchor[chosen] = True
    type_[anchor] = "large firm"
    extra_large = (~anchor) & (type_ == "sme") & (rng.random(n) < 0.03)
    type_[extra_large] = "large firm"
    firm = np.isin(type_, FIRM_TYPES)
    size = np.where(type_ == "large firm", rng.lognormal(7.0, 0.6, n).clip(250, 20000),
                    np.where(firm, rng.lognormal(2.8, 0.9, n).clip(1, 249),
                             rng.lognormal(5.0, 0.8, n).clip(10, 5000))).round().astype(int)
    home = np.arange(k) % n_regions
    region_code = np.where(rng.random(n) < 0.85, home[cluster], rng.integers(0, n_regions, n))
    regions = _REGIONS.iloc[region_code].reset_index(drop=True)
    lat = regions["lat"].to_numpy() + rng.normal(0, 0.12, n)
    lon = regions["lon"].to_numpy() + rng.normal(0, 0.16, n)
    sector = np.where(firm, np.array(_SECTORS)[cluster], np.where(
        np.isin(type_, RESEARCH_TYPES), "M72 research",
        np.where(type_ == "intermediary", "M70 consulting", "O84 public administration")))
    prefix = {"sme": "SME", "large firm": "Large", "university": "University",
              "research institute": "Institute", "intermediary": "Agency",
              "public body": "Public"}
    names = [f"{prefix[t]} {i:04d}" for i, t in enumerate(type_)]
    return pd.DataFrame({
        "id": [f"O{i:05d}" for i in range(n)], "name": names, "type": type_, "size": size,
        "sector": sector, "region": regions["region"].to_numpy(), "lat": lat.round(5),
        "lon": lon.round(5), "planted_cluster": cluster, "anchor": anchor})


def _pick(orgs: pd.DataFrame, members_by_cluster: list[np.ndarray], own: np.ndarray,
          mixing: float, rng: np.random.Generator) -> np.ndarray:
    """For each row's cluster, a random member of it, or of another cluster with p=mixing."""
    k = len(members_by_cluster)
    other = rng.integers(0, k, len(own))
    cluster = np.where(rng.random(len(own)) < mixing, other, own)
    out = np.empty(len(own), dtype=np.int64)
    for c in range(k):                                # loop over clusters, not rows
        rows = np.flatnonzero(cluster == c)
        pool = members_by_cluster[c]
        if len(pool) == 0:
            pool = np.arange(len(orgs))
        out[rows] = pool[rng.integers(0, len(pool), len(rows))]
    return out


def _production(orgs: pd.DataFrame, mixing: float, rng) -> pd.DataFrame:
    cluster = orgs["planted_cluster"].to_numpy()
    k = cluster.max() + 1
    firms = orgs["type"].isin(FIRM_TYPES).to_numpy()
    large = (orgs["type"] == "large firm").to_numpy()
    anchors = [np.flatnonzero(orgs["anchor"].to_numpy() & (cluster == c)) for c in range(k)]
    large_by = [np.flatnonzero(large & (cluster == c)) for c in range(k)]
    firms_by = [np.flatnonzero(firms & (cluster == c)) for c in range(k)]
    smes = np.flatnonzero(firms & ~large)
    # each SME supplies 2-4 customers: mostly its cluster's anchors, also other firms
    n_customers = rng.integers(2, 5, len(smes))
    supplier = np.repeat(smes, n_customers)
    own = cluster[supplier]
    to_anchor = rng.random(len(supplier)) < 0.6
    customer = np.where(to_anchor, _pick(orgs, anchors, own, mixing, rng),
                        _pick(orgs, firms_by, own, mixing, rng))
    # large firms buy from each other and supply anchors
    big = np.flatnonzero(large)
    big_supplier = np.repeat(big, 2)
    big_customer = _pick(orgs, large_by, cluster[big_supplier], mixing, rng)
    source = np.concatenate([supplier, big_supplier])
    target = np.concatenate([customer, big_customer])
    keep = source != target
    value = rng.lognormal(4.5, 0.8, keep.sum()).round(1)
    ids = orgs["id"].to_numpy()
    return pd.DataFrame({"source": ids[source[keep]], "target": ids[target[keep]],
                         "weight": value})


def _projects(orgs: pd.DataFrame, mixing: float, rng) -> pd.DataFrame:
    cluster = orgs["planted_cluster"].to_numpy()
    k = cluster.max() + 1
    n = len(orgs)
    science = orgs["type"].isin(["university", "research institute"]).to_numpy()
    science_by = [np.flatnonzero(science & (cluster == c)) for c in range(k)]
    all_by = [np.flatnonzero(cluster == c) for c in range(k)]
    n_projects = max(k, n // 4)
    project_cluster = rng.integers(0, k, n_projects)
    size = rng.integers(2, 7, n_projects)
    project = np.repeat(np.arange(n_projects), size)
    own = np.repeat(project_cluster, size)
    lead = np.r_[True, project[1:] != project[:-1]]   # first partner: research, if any
    member = _pick(orgs, all_by, own, mixing, rng)
    lead_pick = _pick(orgs, [s if len(s) else a for s, a in zip(science_by, all_by)],
                      own, mixing, rng)
    member = np.where(lead & (rng.random(len(own)) < 0.8), lead_pick, member)
    # every non-firm organisation takes part in at least one project of its cluster
    others = np.flatnonzero(~orgs["type"].isin(["sme", "large firm"]).to_numpy())
    projects_by = [np.flatnonzero(project_cluster == c) for c in range(k)]
    joined = _pick(orgs, projects_by, cluster[others], mixing, rng)
    member, project = np.concatenate([member, others]), np.concatenate([project, joined])
    ids = orgs["id"].to_numpy()
    table = pd.DataFrame({"organisation": ids[member],
                          "project": [f"P{p:04d}" for p in project]})
    return table.drop_duplicates(ignore_index=True)


def _commercial(orgs: pd.DataFrame, production: pd.DataFrame, mixing: float,
                rng) -> pd.DataFrame:
    cluster = pd.Series(orgs["planted_cluster"].to_numpy(), index=orgs["id"])
    k = int(cluster.max()) + 1
    overlap = production[rng.random(len(production)) < 0.4]
    firms = orgs["type"].isin(FIRM_TYPES).to_numpy()
    brokers = orgs["type"].isin(["intermediary", "large firm"]).to_numpy()
    firm_idx = np.flatnonzero(firms)
    brokers_by = [np.flatnonzero(brokers & (cluster.to_numpy() == c)) for c in range(k)]
    sellers = firm_idx[rng.random(len(firm_idx)) < 0.5]
    buyers = _pick(orgs, brokers_by, cluster.to_numpy()[sellers], min(1.0, 2 * mixing), rng)
    ids = orgs["id"].to_numpy()
    sales = pd.DataFrame({"source": ids[sellers], "target": ids[buyers]})
    sales = sales[sales["source"] != sales["target"]]
    sales["weight"] = rng.lognormal(3.5, 0.7, len(sales)).round(1)
    trade = overlap.assign(weight=(overlap["weight"] * rng.uniform(0.2, 0.8, len(overlap)))
                           .round(1))
    return pd.concat([trade, sales], ignore_index=True)
