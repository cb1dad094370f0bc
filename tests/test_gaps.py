"""structural_gaps: a planted network where each kind of gap exists exactly once."""

import pandas as pd
import pytest

import linkages as lk


def planted():
    """Four clusters, every member on a ring of commercial ties (no broker but the planted
    one), each cluster carrying at most the gaps planted in it:

    - A (sector S1): university, public body, 3 large firms, 6 SMEs: no gap;
    - B (S2): 3 large firms and SMEs only (no academia, no government: triple_helix);
      b7 hangs on L_B1 alone (broker L_B1);
    - C (S3): every SME sells to L_C alone (dependence on L_C), R&D with A's university;
    - D (S1, like A, no tie to A: bridging A-D): 4 of 6 SMEs without R&D (sme_without_rnd).
    X, in no cluster, supplies L_A1 and L_D1 (the best bridging pair).
    """
    orgs, rels = [], []

    def add(id_, type_, cluster, sector):
        orgs.append({"id": id_, "type": type_, "cluster": cluster, "sector": sector})

    def tie(a, b, layer, weight=1.0):
        rels.append({"source": a, "target": b, "layer": layer, "weight": weight})

    def ring(ids):
        for a, b in zip(ids, ids[1:] + ids[:1]):
            tie(a, b, "commercial")

    def round_robin(smes, firms):
        for k, sme in enumerate(smes):
            tie(sme, firms[k % len(firms)], "production", 10.0)

    # A
    add("U_A", "university", "A", None)
    add("P_A", "public body", "A", None)
    large_a = [f"L_A{k}" for k in (1, 2, 3)]
    smes_a = [f"a{k}" for k in range(1, 7)]
    for v in large_a + smes_a:
        add(v, "large firm" if v in large_a else "sme", "A", "S1")
    ring(["U_A", "P_A", *large_a, *smes_a])
    round_robin(smes_a, large_a)
    for v in smes_a:
        tie(v, "U_A", "scientific")
    # B
    large_b = [f"L_B{k}" for k in (1, 2, 3)]
    smes_b = [f"b{k}" for k in range(1, 8)]
    for v in large_b + smes_b:
        add(v, "large firm" if v in large_b else "sme", "B", "S2")
    ring([*large_b, *smes_b[:-1]])
    round_robin(smes_b, large_b)           # b7 -> L_B1, its only tie
    for a, b in zip(smes_b[:6], smes_b[1:6] + smes_b[:1]):
        tie(a, b, "scientific")
    # C
    add("P_C", "public body", "C", None)
    add("L_C", "large firm", "C", "S3")
    smes_c = [f"c{k}" for k in range(1, 7)]
    for v in smes_c:
        add(v, "sme", "C", "S3")
    ring(["P_C", "L_C", *smes_c])
    round_robin(smes_c, ["L_C"])
    for v in smes_c:
        tie(v, "U_A", "scientific")
    # D
    add("R_D", "research institute", "D", None)
    add("P_D", "public body", "D", None)
    large_d = [f"L_D{k}" for k in (1, 2, 3)]
    smes_d = [f"d{k}" for k in range(1, 7)]
    for v in large_d + smes_d:
        add(v, "large firm" if v in large_d else "sme", "D", "S1")
    ring(["R_D", "P_D", *large_d, *smes_d])
    round_robin(smes_d, large_d)
    for v in smes_d[:2]:
        tie(v, "R_D", "scientific")
    # outside every cluster
    add("X", "sme", None, "S9")
    tie("X", "L_A1", "production", 5.0)
    tie("X", "L_D1", "production", 5.0)
    return lk.from_tables(pd.DataFrame(orgs), pd.DataFrame(rels),
                          directed={"production": True, "commercial": False,
                                    "scientific": False})


def test_each_planted_gap_is_recovered_exactly():
    net = planted()
    gaps = lk.structural_gaps(net, "cluster")
    found = sorted(zip(gaps["cluster"], gaps["kind"], gaps["subject"], strict=True))
    assert found == [
        ("A", "bridging", "D"),
        ("B", "broker", "L_B1"),
        ("B", "triple_helix", "academia and government"),
        ("C", "dependence", "L_C"),
        ("D", "sme_without_rnd", "4 SMEs"),
    ]
    row = gaps.set_index("kind")
    assert row.loc["broker", "organisations"] == ["b7"]
    assert row.loc["broker", "severity"] == pytest.approx(1 / 9)
    assert row.loc["dependence", "severity"] == 1.0
    assert sorted(row.loc["dependence", "organisations"]) == sorted(f"c{k}" for k in range(1, 7))
    assert row.loc["triple_helix", "severity"] == 1.0
    assert row.loc["sme_without_rnd", "severity"] == pytest.approx(4 / 6)
    assert sorted(row.loc["sme_without_rnd", "organisations"]) == ["d3", "d4", "d5", "d6"]
    assert row.loc["sme_without_rnd", "partners"] == ["R_D"]
    assert row.loc["bridging", "partners"][0] == "L_A1 + L_D1"
    assert row.loc["bridging", "severity"] == pytest.approx(1.0)
    assert "0 ties between them" in row.loc["bridging", "evidence"]


def test_priorities_rank_across_clusters():
    gaps = lk.structural_gaps(planted(), "cluster")
    ranked = lk.gap_priorities(gaps)
    assert list(ranked["priority"]) == [1, 2, 3, 4, 5]
    # dependence 1.0 x 1.0, triple helix 0.8 x 1.0, sme 0.6 x 2/3, bridging 0.5, broker 1/9
    assert list(ranked["kind"]) == ["dependence", "triple_helix", "bridging",
                                    "sme_without_rnd", "broker"]
    assert ranked["score"].is_monotonic_decreasing
    heavy_broker = lk.gap_priorities(gaps, weights={"broker": 10.0}, top=1)
    assert heavy_broker["kind"].tolist() == ["broker"]
    with pytest.raises(lk.InputError):
        lk.gap_priorities(gaps, weights={"nonsense": 1.0})


def test_thresholds_and_missing_parts():
    net = planted()
    strict = lk.structural_gaps(net, "cluster", dependence=1.0, sme_share=0.9, min_cut=2,
                                bridge_similarity=1.0, bridge_ties=0)
    assert sorted(strict["kind"]) == ["bridging", "dependence", "triple_helix"]
    bare = lk.MultilayerNetwork(net.organisations.drop(columns=["type", "sector"]),
                                net.relations)
    only = lk.structural_gaps(bare, "cluster")
    assert sorted(only["kind"]) == ["broker"]
    assert any("types" in note for note in only.attrs["notes"])
    with pytest.raises(lk.InputError, match="dependence"):
        lk.structural_gaps(net, "cluster", dependence=1.5)
