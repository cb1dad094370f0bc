r"""One entry point, :func:`find_clusters`: which organisations form the clusters.

The method is an object that holds its own options (:mod:`linkages.clusters.methods`,
:mod:`linkages.clusters.layer_methods`), or a method's name for the method with its
defaults; :func:`find_clusters` keeps only the options every method shares.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from linkages._validation import (
    InputError,
    check_layer_weights,
    check_layers,
    check_one_of,
    check_type,
)
from linkages.clusters.inputs import draw_seed
from linkages.clusters.layer_methods import Coupled, MultilayerInfomap, Multiplex
from linkages.clusters.methods import Infomap, LabelPropagation, Leiden, Louvain, Method
from linkages.clusters.result import Clusters
from linkages.network import MultilayerNetwork

__all__ = ["find_clusters", "as_method", "method_from_options", "METHODS"]

#: Each method's name (``Clusters.method``) and its class.
METHODS: dict[str, type[Method]] = {cls.name: cls for cls in (
    Leiden, Louvain, LabelPropagation, Infomap, Multiplex, Coupled, MultilayerInfomap)}


#: The options a method's name runs with, where they differ from the class defaults: the
#: default ``find_clusters(net)`` picks its engine by size.
NAME_OPTIONS: dict[str, dict[str, Any]] = {"leiden": {"engine": "auto"}}

#: Values of an option that a method which does not take it may ignore (front ends fill
#: them in for every method).
NEUTRAL_OPTIONS = {"engine": ("auto", "igraph")}


def find_clusters(net: MultilayerNetwork, *, method: str | Method = "leiden",
                  layers: str | Sequence[str] | None = None,
                  layer_weights: Mapping[str, float] | None = None,
                  weighted: bool = False, seed: int | None = None,
                  why: str | None = None) -> Clusters:
    r"""Find clusters: groups of organisations densely tied to each other.

    Methods on one graph (one layer, or the undirected aggregate of the chosen layers):

    - :class:`~linkages.Leiden` (``"leiden"``, the default; Traag, Waltman & van Eck
      2019): modularity or the Constant Potts Model, igraph's implementation;
    - :class:`~linkages.Louvain` (``"louvain"``; Blondel et al. 2008);
    - :class:`~linkages.LabelPropagation` (``"label_propagation"``; Raghavan, Albert &
      Kumara 2007): a fast baseline;
    - :class:`~linkages.Infomap` (``"infomap"``; Rosvall & Bergstrom 2008): the map
      equation; the directed aggregate when every chosen layer is directed.

    Layer-aware methods:

    - :class:`~linkages.Multiplex` (``"multiplex"``): one partition optimised jointly over
      the layers, :math:`\sum_l \lambda_l Q_l` (leidenalg's multiplex optimiser);
    - :class:`~linkages.Coupled` (``"coupled"``): layer-coupled communities (Mucha et al.
      2010): an organisation may sit in different clusters in different layers;
    - :class:`~linkages.MultilayerInfomap` (``"infomap_multilayer"``; De Domenico et al.
      2015).

    Each method object holds the options that apply to it (``lk.Leiden(resolution=0.5,
    objective="CPM")``); a name runs the method with its defaults.

    Parameters
    ----------
    net : MultilayerNetwork
    method : str or method object
        A method object, or one of the names above.
    layers : str or list of str, optional
        Layers to use; all by default.
    layer_weights : mapping of layer to float, optional
        Weight of each layer (default 1 each): its multiplier in the aggregate, or its
        :math:`\lambda_l` in the multiplex objective.
    weighted : bool
        False (default): every tie counts 1 in each layer where it exists, so the
        aggregate weight of a pair is the (layer-weighted) number of layers tying it.
        True: tie weights (values, counts) are used as given. The default is deliberate:
        trade and supply values are heavy-tailed, and with them a few large flows dominate
        modularity and split off small groups (on the bundled example, weighted Leiden finds
        10 clusters, NMI 0.77 to the planted ones; unweighted, 4 clusters, NMI 0.93).
    seed : int, optional
        Same seed, same result. Drawn at random (and recorded) when None.
    why : str, optional
        Ignored: the note an earlier result keeps in ``params["why"]``, accepted so that
        ``find_clusters(net, **found.params, seed=found.seed)`` reruns it.

    Returns
    -------
    Clusters
        ``params`` records the method object (an ``"auto"`` option replaced by the choice
        made), the shared options, and, when an engine was chosen by size, ``why``:
        ``find_clusters(net, **found.params, seed=found.seed)`` reruns it.

    Notes
    -----
    The default is the fast path: ``method="leiden"`` is ``Leiden(engine="auto")``
    (``Leiden()`` alone forces igraph), which runs igraph on small
    networks and networkit (one thread, so a seed repeats the result) with a few Leiden
    iterations above :data:`~linkages.clusters.methods.AUTO_NETWORKIT_TIES` ties;
    ``found.params["why"]`` says which and why (see ``docs/scale.md`` for the measured
    trade-off).

    References
    ----------
    Traag, Waltman & van Eck (2019), Sci. Rep. 9:5233. Blondel et al. (2008), J. Stat.
    Mech. P10008. Mucha et al. (2010), Science 328:876. Rosvall & Bergstrom (2008), PNAS
    105:1118. Raghavan, Albert & Kumara (2007), Phys. Rev. E 76:036106.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> found = lk.find_clusters(net, seed=1)
    >>> found
    Clusters(method='leiden', 4 clusters of sizes [86, 77, 71, 66], modularity=0.6039, seed=1)
    >>> found.params["why"].split(",")[0]          # the engine chosen by size, and why
    "engine='auto': igraph"
    >>> truth = net.organisations["planted_cluster"]
    >>> round(lk.compare_partitions(found, truth), 2)
    0.93
    >>> joint = lk.find_clusters(net, method=lk.Multiplex(start="aggregate"), seed=1)
    >>> joint.params["method"]
    Multiplex(objective='modularity', resolution=1.0, n_iterations=-1, start='aggregate')
    >>> joint.n_clusters, round(lk.compare_partitions(joint, truth), 2)
    (4, 0.94)
    >>> coupled = lk.find_clusters(net, method=lk.Coupled(omega=0.5), seed=1)
    >>> int(coupled.switches.sum()) > 0
    True
    """
    caller = "find_clusters"
    check_type(net, MultilayerNetwork, argument="net", caller=caller,
               expected="MultilayerNetwork")
    method = as_method(method, caller=caller)
    layers = check_layers(layers, net.layers, caller=caller)
    weights = check_layer_weights(layer_weights, layers, caller=caller)
    seed = draw_seed(seed, caller=caller)
    return method.run(net, layers=layers, layer_weights=weights, weighted=bool(weighted),
                      seed=seed)


def as_method(method: Any, *, caller: str) -> Method:
    """A method object, or the named method with its defaults (``"leiden"``:
    ``Leiden(engine="auto")``, see :data:`NAME_OPTIONS`)."""
    if isinstance(method, Method):
        return method
    if not isinstance(method, str):
        raise TypeError(f"The 'method' argument of {caller} must be a method name or a "
                        f"method object such as Leiden(). Got {type(method).__name__} "
                        "instead.")
    name = check_one_of(method, list(METHODS), argument="method", caller=caller)
    return METHODS[name](**NAME_OPTIONS.get(name, {}))


def method_from_options(name: str, *, caller: str = "find_clusters",
                        **options: Any) -> Method:
    """The method called ``name`` with the ``options`` that apply to it, for front ends
    (the command line) that fill in every option.

    An option the method does not take is left out when it is None or at a default the
    methods that take it share (``engine="auto"`` or ``"igraph"``, ``resolution=1.0``);
    any other value raises InputError naming the methods it applies to.

    Examples
    --------
    >>> from linkages.clusters.find import method_from_options
    >>> method_from_options("infomap", engine="igraph", resolution=1.0)
    Infomap()
    >>> method_from_options("louvain", engine="auto", resolution=2)
    Louvain(resolution=2.0, engine='auto')
    """
    cls = METHODS[check_one_of(name, list(METHODS), argument="method", caller=caller)]
    own = cls.defaults()
    kept = {}
    for option, value in options.items():
        if option in own:
            if value is not None:
                kept[option] = value
            continue
        takers = {key: other.defaults()[option] for key, other in METHODS.items()
                  if option in other.defaults()}
        if value is None or (takers and value in takers.values()) or (
                value in NEUTRAL_OPTIONS.get(option, ())):
            continue
        raise InputError(f"The {option!r} argument of {caller} applies only to the methods "
                         f"{sorted(takers)!r}. Got method {name!r}.")
    return cls(**kept)
