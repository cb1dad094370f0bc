"""systemic_risk (ESRI, Diem et al. 2022) against hand-computed values and a plain numpy
reading of the reference equations (the authors' cascade code, as written out by
ESRIcascade.jl)."""

import numpy as np
import pandas as pd
import pytest

import linkages as lk


def reference_esri(W, sector, failing, *, function="generalised", essential_share=0.25,
                   outside=0.0, replacement=True, tol=1e-13):
    """The equations firm by firm, with dense matrices and Python loops: an oracle that
    shares no code with linkages.

    W[i, j]: value i supplies to j. Products: sector labels (None: every supplier its own).
    Two cascades, upstream u and downstream d, from 1; the failing firm capped at 0;
    h = min(u, d) at the end; ESRI = sum_i o_i (1 - h_i) / sum_i o_i.
    """
    n = len(W)
    product = list(range(n)) if sector is None else list(sector)
    r = W.sum(axis=1)                          # sales inside the network
    o = r / (1 - outside)                      # output (outside demand never lost)
    psi = np.zeros(n)
    psi[failing] = 1.0
    A = W.sum(axis=0)                          # all inputs of each customer
    E = [{} for _ in range(n)]                 # E[j][k]: inputs of product k
    for i in range(n):
        for j in range(n):
            if W[i, j] > 0:
                E[j][product[i]] = E[j].get(product[i], 0.0) + W[i, j]
    essential = []
    for j in range(n):
        if function == "leontief":
            essential.append(set(E[j]))
        elif function == "linear":
            essential.append(set())
        else:
            essential.append({k for k, v in E[j].items() if v >= essential_share * A[j]})
    u, d = np.ones(n), np.ones(n)
    for _ in range(100_000):
        sigma = np.ones(n)
        if replacement and sector is not None:
            for i in range(n):
                left = sum(r[m] * d[m] for m in range(n) if product[m] == product[i])
                sigma[i] = 0.0 if r[i] == 0 else (1.0 if left == 0 else min(r[i] / left, 1))
        lost = sigma * (1 - d)
        new_d, new_u = np.ones(n), np.ones(n)
        for j in range(n):
            terms = [1 - psi[j]]
            for k in essential[j]:
                terms.append(1 - sum(W[i, j] * lost[i] for i in range(n)
                                     if product[i] == k) / E[j][k])
            if A[j] > 0:
                terms.append(1 - sum(W[i, j] * lost[i] for i in range(n)
                                     if product[i] not in essential[j]) / A[j])
            new_d[j] = min(terms)
            up = 1.0 if o[j] == 0 else ((W[j] * u).sum() + o[j] - r[j]) / o[j]
            new_u[j] = min(up, 1 - psi[j])
        change = max(np.abs(new_u - u).max(), np.abs(new_d - d).max())
        u, d = new_u, new_d
        if change <= tol:
            break
    h = np.minimum(u, d)
    return float((o * (1 - h)).sum() / o.sum())


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


def test_chain_with_a_second_input_by_hand():
    # chain(): f1 buys 10 from f0 (essential, 10/12) and 2 from f4 (non-essential, 2/12);
    # sales r = 10, 8, 6, 4, 2; 40% of every firm's output sold outside (o = r / 0.6).
    W = chain()
    risk = lk.systemic_risk(network(W), tol=1e-13, output=0.4)
    # f4 fails. Downstream: f1 loses its non-essential 2 of 12 inputs, d1 = 5/6, passed on
    # whole to f2 and f3 (their only input): d = 1, 5/6, 5/6, 5/6, 0. Upstream: f3 sells
    # only to f4, u3 = 0.4 (its outside share), u2 = 0.6 * 0.4 + 0.4 = 0.64, u1 = 0.784,
    # u0 = 0.8704. h = min(u, d) = 0.8704, 0.784, 0.64, 0.4, 0.
    lost = 10 * 0.1296 + 8 * 0.216 + 6 * 0.36 + 4 * 0.6 + 2 * 1.0
    assert risk.loc["f4", "esri"] == pytest.approx(lost / 30, abs=1e-12)
    # f0 fails: f1 loses its essential input, and f2, f3, f4 follow downstream
    assert risk.loc["f0", "esri"] == pytest.approx(1.0, abs=1e-12)


def test_star_by_hand():
    W = star()
    risk = lk.systemic_risk(network(W), production_function="generalised", tol=1e-13)
    # sales: f0 12, f1 5, f2 3, f3 1, f4 1, f5 0 (total 22). The hub's inputs: f1 5/10 and
    # f2 3/10 essential (>= 0.25), f3 and f4 1/10 each non-essential.
    # f1 fails: the hub stops (d0 = 0), and with it its customer f5 (sales 0). The other
    # suppliers keep their demand: upstream only the failure itself cuts orders.
    assert risk.loc["f1", "esri"] == pytest.approx((12 + 5) / 22, abs=1e-12)
    # f3 fails: the hub loses 1 of its 10 inputs (non-essential: against all inputs),
    # d0 = 0.9, and f5 likewise; lost 12 * 0.1 + f3's own 1
    assert risk.loc["f3", "esri"] == pytest.approx((12 * 0.1 + 1) / 22, abs=1e-12)
    # the customer f5 fails: the hub loses all its demand (u0 = 0), then its suppliers
    assert risk.loc["f5", "esri"] == pytest.approx(1.0, abs=1e-12)


def test_replacement_by_hand():
    # sectors: f1 and f2 both make y (sales 5 and 3); the hub's y input (8 of 10) is
    # essential. f2 fails: f1 still makes 5 of the market's 5 left, so the hub's loss of
    # f2's 3 counts sigma = 3 / 5 = 0.6: d0 = 1 - 3 * 0.6 / 8 = 0.775, f5 likewise (its
    # hub's market x keeps more than the hub's own sales, sigma 1)
    W = star()
    sector = ["x", "y", "y", "x", "x", "z"]
    risk = lk.systemic_risk(network(W, sector), tol=1e-13)
    assert risk.loc["f2", "esri"] == pytest.approx((12 * 0.225 + 3) / 22, abs=1e-12)
    plain = lk.systemic_risk(network(W, sector), tol=1e-13, replacement=False)
    assert plain.loc["f2", "esri"] == pytest.approx((12 * 3 / 8 + 3) / 22, abs=1e-12)


@pytest.mark.parametrize("function", ["generalised", "leontief", "linear"])
@pytest.mark.parametrize("outside", [0.0, 0.4])
@pytest.mark.parametrize("replacement", [True, False])
@pytest.mark.parametrize("make, sector", [(chain, None), (chain, ["a", "a", "b", "b", "a"]),
                                          (star, None), (star, ["x", "y", "y", "x", "x", "z"])])
def test_equals_the_reference_equations(make, sector, function, outside, replacement):
    W = make()
    net = network(W, sector)
    risk = lk.systemic_risk(net, production_function=function, tol=1e-13,
                            output=outside or None, replacement=replacement)
    for firm in risk.index:
        i = int(firm[1:])
        expected = reference_esri(W, sector, i, function=function, outside=outside,
                                  replacement=replacement)
        assert risk.loc[firm, "esri"] == pytest.approx(expected, abs=1e-9), firm


def test_random_network_equals_the_reference():
    rng = np.random.default_rng(3)
    n = 12
    W = np.where(rng.random((n, n)) < 0.25, rng.lognormal(1, 1, (n, n)), 0.0)
    np.fill_diagonal(W, 0.0)
    sector = list(rng.choice(["a", "b", "c"], n))
    risk = lk.systemic_risk(network(W, sector), tol=1e-13, output=0.3)
    for firm in risk.index:
        expected = reference_esri(W, sector, int(firm[1:]), outside=0.3)
        assert risk.loc[firm, "esri"] == pytest.approx(expected, abs=1e-9), firm


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
    with pytest.raises(TypeError, match="replacement"):
        lk.systemic_risk(net, replacement="yes")
    with pytest.raises(lk.InputError, match="output"):
        lk.systemic_risk(net, output=1.5)
    with pytest.raises(lk.InputError, match="candidates"):
        lk.systemic_risk(net, ["nobody"])


def test_market_share_factor():
    # ESRIcascade.jl's fixture for the factor: sales 2, 1, 3, products 0, 0, 1, levels
    # 1, 0.5, 0.25: sigma = 2 / 2.5, 1 / 2.5, min(3 / 0.75, 1)
    from linkages.analysis.shocks import ShockModel

    source, target, weight = np.array([0, 1, 2]), np.array([3, 3, 3]), np.array([2., 1., 3.])
    model = ShockModel(4, source, target, weight, np.array([0, 0, 1, 2]), False,
                       np.bincount(source, weights=weight, minlength=4), replacement=True)
    sigma = model.sigma(np.array([[1.0], [0.5], [0.25], [1.0]]))
    assert sigma.ravel() == pytest.approx([0.8, 0.4, 1.0, 1.0], abs=1e-12)
