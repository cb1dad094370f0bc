"""systemic_risk (ESRI, Diem et al. 2022) against a plain numpy reading of the paper."""

import numpy as np
import pandas as pd
import pytest

import linkages as lk


def reference_esri(W, sector, failing, *, function="generalised", essential_share=0.25,
                   floor=0.5, outside=0.0, tol=1e-13):
    """The paper's equations, written out firm by firm with dense matrices.

    W[j, i]: value j supplies to i. Products: sector labels (None: every supplier its own).
    """
    n = len(W)
    product = np.arange(n) if sector is None else np.asarray(sector)
    sales0 = W.sum(axis=1)
    total_sales = sales0 / (1 - outside)
    psi = np.zeros(n)
    psi[failing] = 1.0
    h = 1 - psi
    inputs0 = {i: {k: W[product == k, i].sum() for k in np.unique(product)
                   if W[product == k, i].sum() > 0} for i in range(n)}
    for _ in range(100_000):
        new = np.ones(n)
        for i in range(n):
            pi0 = inputs0[i]
            pi = {k: (W[product == k, i] * h[product == k]).sum() for k in pi0}
            total_in = sum(pi0.values())
            if function == "leontief":
                essential = set(pi0)
            elif function == "linear":
                essential = set()
            else:
                essential = {k for k in pi0 if pi0[k] >= essential_share * total_in}
            beta = 0.0 if function == "linear" else floor
            terms = [1.0] + [pi[k] / pi0[k] for k in essential]
            rest = [k for k in pi0 if k not in essential]
            if rest:
                terms.append(beta + (1 - beta) * sum(pi[k] for k in rest)
                             / sum(pi0[k] for k in rest))
            hd = min(terms)
            hu = 1.0
            if sales0[i] > 0:
                hu = ((W[i] * h).sum() + total_sales[i] - sales0[i]) / total_sales[i]
            new[i] = min(hd, hu, 1 - psi[i])
        if np.abs(new - h).max() <= tol:
            h = new
            break
        h = new
    return float((total_sales * (1 - h)).sum() / total_sales.sum())


def network(W, sector=None):
    n = len(W)
    ids = [f"f{i}" for i in range(n)]
    j, i = np.nonzero(W)
    orgs = pd.DataFrame({"id": ids})
    if sector is not None:
        orgs["sector"] = sector
    rels = pd.DataFrame({"source": np.array(ids)[j], "target": np.array(ids)[i],
                         "layer": "production", "weight": W[j, i]})
    return lk.from_tables(orgs, rels)


def chain():
    """f0 -> f1 -> f2 -> f3 -> f4, and f1 also buys a little from f4 (a second input)."""
    W = np.zeros((5, 5))
    W[0, 1], W[1, 2], W[2, 3], W[3, 4], W[4, 1] = 10.0, 8.0, 6.0, 4.0, 2.0
    return W


def star():
    """A hub f0 buying from four suppliers, selling to one customer f5."""
    W = np.zeros((6, 6))
    W[1:5, 0] = [5.0, 3.0, 1.0, 1.0]
    W[0, 5] = 12.0
    return W


def test_hand_computed_chain():
    # a pure chain a -> b -> c -> d -> e, Leontief: any failure stops the whole chain;
    # with half the output sold outside, the loss up the chain halves at every step.
    W = np.zeros((5, 5))
    for k in range(4):
        W[k, k + 1] = 10.0
    risk = lk.systemic_risk(network(W), production_function="leontief")
    assert risk["esri"].to_numpy() == pytest.approx(np.ones(5), abs=1e-12)
    risk = lk.systemic_risk(network(W), production_function="leontief", output=0.5)
    # f4 fails: f3 keeps its outside half (h = 0.5), f2 = 0.75, f1 = 0.875, f0 = 0.9375;
    # every firm's output 20, f4's 0 (sells nothing)
    expected = (20 * (0.5 + 0.25 + 0.125 + 0.0625)) / 80
    assert risk.loc["f4", "esri"] == pytest.approx(expected, abs=1e-12)
    # f0 fails: everyone downstream stops (Leontief), all output lost
    assert risk.loc["f0", "esri"] == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("function", ["generalised", "leontief", "linear"])
@pytest.mark.parametrize("outside", [0.0, 0.4])
@pytest.mark.parametrize("make, sector", [(chain, None), (chain, ["a", "a", "b", "b", "a"]),
                                          (star, None), (star, ["x", "y", "y", "x", "x", "z"])])
def test_equals_the_papers_equations(make, sector, function, outside):
    W = make()
    net = network(W, sector)
    risk = lk.systemic_risk(net, production_function=function, tol=1e-13,
                            output=outside or None)
    for firm in risk.index:
        i = int(firm[1:])
        expected = reference_esri(W, sector, i, function=function, outside=outside)
        assert risk.loc[firm, "esri"] == pytest.approx(expected, abs=1e-9), firm


def test_star_by_hand():
    W = star()
    risk = lk.systemic_risk(network(W), production_function="generalised", tol=1e-13)
    # outputs (sales inside the network): f0 12, f1 5, f2 3, f3 1, f4 1, f5 0
    # f1 (half the hub's inputs: essential at 0.25) fails: the hub stops, its suppliers
    # lose their only customer: everything is lost
    assert risk.loc["f1", "esri"] == pytest.approx(1.0, abs=1e-12)
    # f3 (a tenth: non-essential, like f4) fails. The hub keeps h = 0.5 + 0.5 * (its
    # non-essential input left) / 2; its suppliers f1, f2, f4 sell only to it, so they fall
    # to h as well: h = 0.5 + 0.5 * h / 2, h = 2/3 (essential inputs at 2/3 agree)
    h = 2 / 3
    lost = 12 * (1 - h) + 1 + (5 + 3 + 1) * (1 - h)
    assert risk.loc["f3", "esri"] == pytest.approx(lost / 22, abs=1e-9)
    # the customer f5 fails: the hub loses all demand, then its suppliers
    assert risk.loc["f5", "esri"] == pytest.approx(1.0, abs=1e-12)


def test_candidates_and_columns():
    net = lk.load_example()
    top = lk.systemic_risk(net, 5, output=0.5)
    assert len(top) == 5 and list(top["rank"]) == [1, 2, 3, 4, 5]
    every = lk.systemic_risk(net, output=0.5)
    assert np.allclose(every.loc[top.index, "esri"], top["esri"])
    anchors = lk.systemic_risk(net, "anchors", output=0.5)
    assert set(anchors.index) == set(net.organisations.index[net.organisations["anchor"]])
    one = lk.systemic_risk(net, ["O00214"], output=0.5)
    assert one.loc["O00214", "esri"] == pytest.approx(every.loc["O00214", "esri"], abs=1e-12)
    assert {"esri", "own_output", "firms_hit", "reason"} <= set(every.columns)
    assert (every["esri"] >= every["own_output"] - 1e-12).all()
    assert every["esri"].is_monotonic_decreasing


def test_errors():
    net = lk.load_example()
    with pytest.raises(lk.InputError, match="production_function"):
        lk.systemic_risk(net, production_function="cobb-douglas")
    with pytest.raises(lk.InputError, match="essential_share"):
        lk.systemic_risk(net, essential_share=2)
    with pytest.raises(lk.InputError, match="output"):
        lk.systemic_risk(net, output=1.5)
    with pytest.raises(lk.InputError, match="candidates"):
        lk.systemic_risk(net, ["nobody"])
