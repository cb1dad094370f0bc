"""Partner suggestions: known answers by construction, reasons, seeds, input checks."""

import re

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import linkages as lk
from linkages.analysis.suggest import DEFAULT_WEIGHTS, FEATURES, LOGGED, pair_feature_blocks


def planted() -> lk.MultilayerNetwork:
    """A and F share three scientific partners (B, C, D); E shares one with A; G is far.

    A's best scientific suggestion is F by construction (most common partners), then E.
    """
    orgs = pd.DataFrame({"type": ["sme", "university", "university", "research institute",
                                  "sme", "university", "large firm", "sme"],
                         "sector": ["bio", "bio", "bio", "bio", "ict", "bio", "ict", "ict"],
                         "lat": [45.0, 45.1, 45.2, 45.0, 46.0, 45.1, 48.0, 45.0],
                         "lon": [9.0, 9.1, 9.0, 9.2, 9.0, 9.1, 11.0, 9.05],
                         "cluster": [0, 0, 0, 0, 1, 0, 1, 1]},
                        index=pd.Index(list("ABCDEFGH"), name="id"))
    sci = [("A", "B"), ("A", "C"), ("A", "D"), ("F", "B"), ("F", "C"), ("F", "D"),
           ("E", "D"), ("G", "H")]
    prod = [("H", "A"), ("A", "E")]
    rel = pd.DataFrame([(s, t, "scientific", 1.0) for s, t in sci]
                       + [(s, t, "production", 1.0) for s, t in prod],
                       columns=["source", "target", "layer", "weight"])
    return lk.MultilayerNetwork(orgs, rel)


def test_known_suggestion_by_construction():
    s = lk.suggest_partners(planted(), "A", layers="scientific", top=2)
    assert s["partner"].tolist() == ["F", "E"]
    assert s["rank"].tolist() == [1, 2]
    first = s.iloc[0]
    assert first["common"] == 3
    # Adamic-Adar by hand: B, C (degree 2: 1/log 2), D (degree 3: 1/log 3)
    assert first["adamic_adar"] == pytest.approx(2 / np.log(2) + 1 / np.log(3))
    assert first["resource_allocation"] == pytest.approx(1 / 2 + 1 / 2 + 1 / 3)
    # E and A are tied in production: a past tie in another layer
    assert s.iloc[1]["other_layers"] == 1


def test_existing_partners_and_self_are_never_suggested():
    net = planted()
    s = lk.suggest_partners(net, layers="scientific", hops=None, top=10)
    pairs = set(zip(s["organisation"], s["partner"]))
    for a, b in net.layer_relations("scientific")[["source", "target"]].itertuples(index=False):
        assert (a, b) not in pairs and (b, a) not in pairs
    assert not (s["organisation"] == s["partner"]).any()


def test_hops_limit_candidates():
    net = planted()
    near = lk.suggest_partners(net, "A", layers="scientific", hops=1, top=10)
    every = lk.suggest_partners(net, "A", layers="scientific", hops=None, top=10)
    assert set(near["partner"]) == {"E", "H"}  # tied to A in production only
    assert set(every["partner"]) == {"E", "F", "G", "H"}


def test_reasons_in_words():
    s = lk.suggest_partners(planted(), "A", layers="scientific", clusters="cluster",
                            theme="sector", top=2)
    assert s.iloc[0]["reason"] == ("3 common scientific partners, same cluster, 14 km, "
                                   "works on bio like you, a university for a sme (triple "
                                   "helix), active (3 partners)")
    assert "already tied in production" in s.iloc[1]["reason"]
    assert "a sme for a sme" not in s.iloc[1]["reason"]


def test_triple_helix_reason():
    s = lk.suggest_partners(planted(), "E", layers="scientific", top=5)
    row = s.set_index("partner").loc["B"]
    assert row["helix"] == 1
    assert "a university for a sme (triple helix)" in row["reason"]


def test_cluster_selection_and_every_layer():
    net = planted()
    s = lk.suggest_partners(net, cluster=1, clusters="cluster", top=1)
    assert set(s["organisation"]) <= {"E", "G", "H"}
    assert set(s["layer"]) <= set(net.layers)
    assert list(s.columns[:6]) == ["organisation", "layer", "rank", "partner", "score",
                                   "reason"]
    assert set(FEATURES) <= set(s.columns)


def test_default_on_example_is_deterministic():
    net = lk.load_example()
    a = lk.suggest_partners(net, clusters="planted_cluster", theme="sector", top=3)
    b = lk.suggest_partners(net, clusters="planted_cluster", theme="sector", top=3)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 3 * 3 * net.n_organisations


def history():
    net = lk.load_example()
    rel = net.relations
    train = lk.MultilayerNetwork(net.organisations, rel.iloc[::2])
    return train, rel.iloc[1::2]


@pytest.mark.parametrize("method", ["logistic", "boosting"])
def test_fitted_model_repeats_with_its_seed(method):
    train, later = history()
    kwargs = dict(layer="scientific", clusters="planted_cluster", method=method)
    a = lk.fit_suggestions(train, later, seed=3, **kwargs)
    b = lk.fit_suggestions(train, later, seed=3, **kwargs)
    sa = lk.suggest_partners(train, layers="scientific", clusters="planted_cluster", model=a)
    sb = lk.suggest_partners(train, layers="scientific", clusters="planted_cluster", model=b)
    pd.testing.assert_frame_equal(sa, sb)
    assert a.pairs == b.pairs and a.positives == b.positives


def test_fitted_model_ranks_later_ties_above_chance():
    train, later = history()
    model = lk.fit_suggestions(train, later, layer="scientific", clusters="planted_cluster",
                               seed=0)
    s = lk.suggest_partners(train, layers="scientific", clusters="planted_cluster",
                            model=model, top=5)
    new = later[later["layer"] == "scientific"]
    pairs = set(zip(new["source"], new["target"])) | set(zip(new["target"], new["source"]))
    hits = np.mean([(o, p) in pairs for o, p in zip(s["organisation"], s["partner"])])
    n = train.n_organisations
    assert hits > 5 * len(pairs) / (n * (n - 1))


@pytest.mark.parametrize("kwargs, message", [
    (dict(layers="sales"), "The 'layers' argument of suggest_partners must be one of"),
    (dict(top=0), "The 'top' argument of suggest_partners must be a positive integer"),
    (dict(hops=0), "The 'hops' argument of suggest_partners must be a positive integer"),
    (dict(organisations=["A", "Z"]), "The 'organisations' argument of suggest_partners "
                                     "references 1 organisations"),
    (dict(cluster=0), "The 'cluster' argument of suggest_partners needs 'clusters'"),
    (dict(cluster=7, clusters="cluster"), "The 'cluster' argument of suggest_partners must "
                                          "be one of [0, 1]. Got 7 instead."),
    (dict(weights={"fame": 1.0}), "The 'weights' argument of suggest_partners must be one of"),
    (dict(theme="colour"), "The 'theme' argument of suggest_partners must be a column of "
                           "the organisations (or of 'records', when given). Got 'colour'"),
])
def test_inputs_are_checked(kwargs, message):
    with pytest.raises(lk.InputError, match=re.escape(message)):
        lk.suggest_partners(planted(), **kwargs)


def test_fit_inputs_are_checked():
    train, later = history()
    with pytest.raises(lk.InputError, match="The 'method' argument of fit_suggestions"):
        lk.fit_suggestions(train, later, layer="scientific", method="forest")
    with pytest.raises(lk.InputError, match="The 'layer' argument of fit_suggestions"):
        lk.fit_suggestions(train, later)
    with pytest.raises(lk.InputError, match="The 'later_ties' argument of fit_suggestions "
                                            "must have the columns"):
        lk.fit_suggestions(train, later.rename(columns={"target": "to"}), layer="scientific")
    with pytest.raises(lk.InputError, match="holds no new tie"):
        lk.fit_suggestions(train, train.relations, layer="scientific")
    with pytest.raises(TypeError, match="The 'model' argument of suggest_partners"):
        lk.suggest_partners(train, model="logistic")


def test_fitted_logistic_scores_equal_the_estimator():
    # the logistic model scores a block as a weighted sum (no design matrix): the same
    # log-odds as scikit-learn's decision_function on the design matrix
    from linkages.analysis.suggest import LOGGED, pair_feature_blocks

    net = lk.load_example()
    train = lk.MultilayerNetwork(net.organisations, net.relations.iloc[::2])
    model = lk.fit_suggestions(train, net.relations.iloc[1::2], layer="scientific", seed=0)
    rows, block = next(pair_feature_blocks(train, train.organisations.index[:40],
                                           layer="scientific"))
    mask = np.ones(block["common"].shape, dtype=bool)
    mask[:, ::3] = False
    x = np.column_stack([np.log1p(block[f][mask]) if f in LOGGED else block[f][mask]
                         for f in FEATURES])
    assert np.allclose(model.score(block, mask), model.estimator.decision_function(x),
                       rtol=1e-9, atol=1e-9)
    boosted = lk.fit_suggestions(train, net.relations.iloc[1::2], layer="scientific",
                                 method="boosting", seed=0)
    assert np.allclose(boosted.score(block, np.nonzero(mask)),
                       boosted.estimator.decision_function(x))


def test_suggestions_within_reach_equal_the_dense_scores_ranked_by_hand(monkeypatch):
    """The pairs within two steps are scored pair by pair (sparse); the same pairs read
    from the dense feature blocks, with the reach from networkx and the ranking written
    out here, give the same suggestions, whatever the size of the blocks."""
    net = lk.load_example()
    kwargs = dict(clusters="planted_cluster", theme="sector")
    got = lk.suggest_partners(net, top=3, **kwargs)
    g = nx.Graph(list(net.relations[["source", "target"]].itertuples(index=False)))
    g.add_nodes_from(net.organisations.index)
    ids = net.organisations.index
    position = {org: k for k, org in enumerate(ids)}
    expected = []
    for layer in net.layers:
        tied = set(map(tuple, net.layer_relations(layer)[["source", "target"]].to_numpy()))
        for rows, block in pair_feature_blocks(
                net, layer=layer, **kwargs):
            score = sum(w * (np.log1p(block[f]) if f in LOGGED
                             else block[f])
                        for f, w in DEFAULT_WEIGHTS.items())
            for k, q in enumerate(rows):
                org = ids[q]
                reach = set(nx.single_source_shortest_path_length(g, org, cutoff=2)) | set(
                    ids[block["themes"][k] > 0])
                pool = [j for j in reach if j != org and (org, j) not in tied
                        and (j, org) not in tied]
                pool.sort(key=lambda j: (-score[k, position[j]],
                                         -block["activity_all"][k, position[j]], position[j]))
                expected += [(org, layer, rank, j) for rank, j in enumerate(pool[:3], 1)]
    expected = pd.DataFrame(expected, columns=["organisation", "layer", "rank", "partner"])
    key = ["organisation", "layer", "rank"]
    mine = got[key + ["partner"]].sort_values(key).reset_index(drop=True)
    assert mine.equals(expected.sort_values(key).reset_index(drop=True))
    # blocks of one row, of a few, of all; features pair by pair (share 2) or dense (0)
    for cells, share in ((100, 2.0), (2_000, 2.0), (4_000_000, 2.0), (2_000, 0.0)):
        monkeypatch.setattr("linkages.analysis.suggest._BLOCK_CELLS", cells)
        monkeypatch.setattr("linkages.analysis.suggest._DENSE_CELLS", cells)
        monkeypatch.setattr("linkages.analysis.suggest._DENSE_SHARE", share)
        assert lk.suggest_partners(net, top=3, **kwargs).equals(got)



def test_reasons_without_any_type_or_theme():
    """Every type and every theme missing (found by the CLI's robustness test): the reasons
    name no type or theme, and nothing fails."""
    orgs = pd.DataFrame({"type": [None, None, None], "sector": [np.nan] * 3},
                        index=pd.Index(["A", "B", "C"], name="id"))
    rel = pd.DataFrame({"source": ["A", "A", "A", "B"], "target": ["B", "A", "A", "C"],
                        "weight": 0.0, "layer": ["production", "production", "scientific",
                                                 "scientific"]})
    s = lk.suggest_partners(lk.MultilayerNetwork(orgs, rel), top=3, theme="sector")
    first = s[(s["organisation"] == "A") & (s["layer"] == "scientific")]
    assert first["partner"].tolist() == ["B", "C"]
    assert first["reason"].tolist() == ["already tied in production, active (1 partner)",
                                        "1 common partner in other layers, active (1 partner)"]
    assert not s["reason"].str.contains("works on|triple helix|a type").any()
    # no relation at all: no layer, no suggestion, the same columns
    none = lk.suggest_partners(lk.MultilayerNetwork(orgs, rel.iloc[:0]), theme="sector")
    assert none.empty and none.columns.tolist() == s.columns.tolist()
