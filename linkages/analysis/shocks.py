"""Which failures would hurt most: the Economic Systemic Risk Index (ESRI) of every firm.

Diem, Borsos, Reisch, Kertész & Thurner (2022), "Quantifying firm-level economic systemic
risk from nation-wide supply networks", *Scientific Reports* 12, 7719. A firm fails; its
customers lose inputs (downstream), its suppliers lose demand (upstream); the losses
propagate through the production layer until they settle; ESRI is the share of the
network's output lost. Every scenario is a column of one matrix and every step a few
sparse products (scipy), so thousands of failures run together with no loop over ties.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from linkages._validation import InputError, check_known_ids, check_one_of, check_type
from linkages.network import MultilayerNetwork
from linkages.views import aggregate_ties
from linkages.vocabulary import FIRM_TYPES, normalise_types

__all__ = ["systemic_risk", "PRODUCTION_FUNCTIONS", "ShockModel"]

#: The production functions of :func:`systemic_risk`.
PRODUCTION_FUNCTIONS = ("generalised", "leontief", "linear")
#: Scenarios x product-inputs held in memory at once (float64: 8 bytes each).
BATCH_CELLS = 20_000_000


class ShockModel:
    """The production layer as the sparse matrices of the ESRI cascade (built once).

    ``n`` firms (positions of the network's organisations), ``W[i, j]`` the value firm
    ``i`` supplies to firm ``j``. Rows of ``inputs`` are the (customer ``j``, product
    ``k``) pairs that are essential inputs, with ``inputs[r, i] = W[i, j]`` for the
    suppliers ``i`` of product ``k``, ordered by slot (a firm's first essential product,
    its second, ...) so that each slot is one block of rows with one firm per row;
    ``inv_inputs0`` is ``1 / E_j(k)``, the inverse of the row sums.
    ``nonessential[j, i] = W[i, j]`` for the other inputs and ``inv_all_inputs`` is
    ``1 / A_j``, the inverse of *all* of ``j``'s inputs; ``upstream[i, j] = W[i, j]``.
    ``output`` weighs the loss of each firm; ``sold`` is each firm's total sales (at least
    its sales inside the network, ``sales``). ``market`` (n x markets, or None) groups the
    suppliers that replace each other (the products) for the market-share factor.
    """

    def __init__(self, n: int, source: np.ndarray, target: np.ndarray, weight: np.ndarray,
                 product: np.ndarray, essential: Any, output: np.ndarray, *,
                 sold: np.ndarray | None = None, replacement: bool = False) -> None:
        self.n = n
        self.output = output
        self.total = float(output.sum())
        products = int(product.max(initial=0)) + 1
        pairs, pair_of_tie = np.unique(target * products + product[source],
                                       return_inverse=True)
        pair_firm = pairs // products
        pair_value = np.bincount(pair_of_tie, weights=weight, minlength=len(pairs))
        in_value = np.bincount(target, weights=weight, minlength=n)
        essential_pair = essential(pair_firm, pair_value, in_value) if callable(essential) \
            else np.broadcast_to(np.asarray(essential, dtype=bool), pairs.shape).copy()
        ess_tie = essential_pair[pair_of_tie]
        # slot of every essential pair: its place among its firm's essential pairs
        firm = pair_firm[essential_pair]
        first = np.r_[0, np.flatnonzero(np.diff(firm)) + 1] if len(firm) else np.zeros(0, int)
        slot = np.arange(len(firm)) - np.repeat(first, np.diff(np.r_[first, len(firm)]))
        order = np.lexsort((firm, slot))               # rows by slot, then firm
        row_of_pair = np.full(len(pairs), -1, dtype=np.int64)
        row_of_pair[np.flatnonzero(essential_pair)[order]] = np.arange(len(firm))
        self.n_essential = len(firm)
        self.inputs = sp.csr_matrix((weight[ess_tie], (row_of_pair[pair_of_tie[ess_tie]],
                                                       source[ess_tie])),
                                    shape=(self.n_essential, n))
        self.inputs.sum_duplicates()
        self.inv_inputs0 = 1.0 / np.asarray(self.inputs.sum(axis=1)).ravel()
        bounds = np.r_[0, np.cumsum(np.bincount(slot))]
        self.slots = [(int(a), int(b), firm[order][a:b]) for a, b in zip(bounds[:-1], bounds[1:],
                                                                         strict=True)]
        self.nonessential = sp.csr_matrix((weight[~ess_tie], (target[~ess_tie],
                                                               source[~ess_tie])),
                                          shape=(n, n))
        self.nonessential.sum_duplicates()
        self.inv_all_inputs = np.where(in_value > 0, 1 / np.where(in_value > 0, in_value, 1),
                                       0.0)
        self.upstream = sp.csr_matrix((weight, (source, target)), shape=(n, n))
        self.upstream.sum_duplicates()
        self.sales = np.asarray(self.upstream.sum(axis=1)).ravel()
        # demand from outside the network (final demand, exports) is never lost:
        # u_i = (sum_j W_ij u_j + outside sales) / total sales; 1 without sales
        total = np.maximum(sold, self.sales) if sold is not None else self.sales
        self.up_scale = np.where(total > 0, 1 / np.where(total > 0, total, 1), 0.0)
        self.up_shift = np.where(total > 0, 1 - self.sales * self.up_scale, 1.0)
        # market share factor: only products with two or more selling firms can replace
        self.market: sp.csr_matrix | None = None
        if replacement:
            selling = self.sales > 0
            codes, counts = np.unique(product[selling], return_counts=True)
            shared = np.isin(product, codes[counts > 1]) & selling
            if shared.any():
                code = np.unique(product[shared], return_inverse=True)[1]
                self.market = sp.csr_matrix((np.ones(int(shared.sum())),
                                             (np.flatnonzero(shared), code)),
                                            shape=(n, int(code.max()) + 1))

    def sigma(self, d: np.ndarray) -> np.ndarray | None:
        """The market-share factor of every supplier (n x scenarios), None without
        replacement: ``min(r_i / sum_{m in market(i)} r_m d_m, 1)``."""
        if self.market is None:
            return None
        capacity = self.market.T @ (self.sales[:, None] * d)     # markets x scenarios
        left = self.market @ capacity                              # n x scenarios
        out = np.ones_like(d)
        rows = self.market.indptr[1:] > self.market.indptr[:-1]    # firms in a market
        part = left[rows]
        out[rows] = np.where(part > 0, np.minimum(
            self.sales[rows, None] / np.where(part > 0, part, 1.0), 1.0), 1.0)
        return out

    def up_step(self, u: np.ndarray, shocked: np.ndarray) -> np.ndarray:
        """One synchronous update of the upstream levels ``u`` (n x scenarios); the firm
        ``shocked[b]`` of scenario ``b`` stays at 0."""
        new = self.upstream @ u
        new *= self.up_scale[:, None]
        new += self.up_shift[:, None]
        np.clip(new, 0.0, 1.0, out=new)
        new[shocked, np.arange(len(shocked))] = 0.0
        return new

    def down_step(self, d: np.ndarray, shocked: np.ndarray) -> np.ndarray:
        """One synchronous update of the downstream levels ``d`` (n x scenarios)."""
        lost = 1.0 - d
        sigma = self.sigma(d)
        if sigma is not None:
            lost *= sigma
        new = self.nonessential @ lost
        new *= -self.inv_all_inputs[:, None]
        new += 1.0
        if self.n_essential:
            ratio = self.inputs @ lost
            ratio *= -self.inv_inputs0[:, None]
            ratio += 1.0
            for a, b, firms in self.slots:
                new[firms] = np.minimum(new[firms], ratio[a:b])
        np.clip(new, 0.0, 1.0, out=new)
        new[shocked, np.arange(len(shocked))] = 0.0
        return new

    @staticmethod
    def settle(update: Any, start: np.ndarray, shocked: np.ndarray, *, tol: float,
               max_iter: int) -> tuple[np.ndarray, np.ndarray]:
        """Iterate ``update`` from ``start`` (n x scenarios) until no level of a scenario
        changes by more than ``tol``; the settled levels and the steps of each."""
        out = np.empty_like(start)
        steps = np.zeros(start.shape[1], np.int64)
        columns = np.arange(start.shape[1])
        x = start
        for it in range(1, max_iter + 1):
            new = update(x, shocked[columns])
            done = np.abs(new - x).max(axis=0) <= tol
            steps[columns] = it
            out[:, columns[done]] = new[:, done]
            columns, x = columns[~done], new[:, ~done]
            if not len(columns):
                return out, steps
        raise InputError(f"The cascade of systemic_risk did not settle within "
                         f"max_iter={max_iter} steps (tol={tol}). Raise max_iter or tol.")

    def run(self, shocked: np.ndarray, *, tol: float, max_iter: int,
            batch: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Cascade of each failure in ``shocked`` (positions): ESRI, firms hit, halved,
        iterations. The upstream and the downstream cascade do not feed each other, so
        each settles on its own (fewer products than updating both until both settle)."""
        k = len(shocked)
        esri, hit, halved, steps = (np.zeros(k), np.zeros(k, np.int64),
                                    np.zeros(k, np.int64), np.zeros(k, np.int64))
        for first in range(0, k, batch):
            columns = np.arange(first, min(first + batch, k))
            start = np.ones((self.n, len(columns)))
            start[shocked[columns], np.arange(len(columns))] = 0.0
            u, up_steps = self.settle(self.up_step, start, shocked[columns], tol=tol,
                                      max_iter=max_iter)
            d, down_steps = self.settle(self.down_step, start, shocked[columns], tol=tol,
                                        max_iter=max_iter)
            lost = 1.0 - np.minimum(u, d)
            esri[columns] = (self.output @ lost) / self.total if self.total > 0 else 0.0
            lost[shocked[columns], np.arange(len(columns))] = 0.0   # count the others
            hit[columns] = (lost > 1e-9).sum(axis=0)
            halved[columns] = (lost >= 0.5).sum(axis=0)
            steps[columns] = np.maximum(up_steps, down_steps)
        return esri, hit, halved, steps


def systemic_risk(net: MultilayerNetwork, candidates: Any = None, *,
                  layer: str = "production", production_function: str = "generalised",
                  sector: str | None = "sector", essential_share: float = 0.25,
                  replacement: bool = True, output: str | float | None = None,
                  type: str | None = "type", anchor: str = "anchor", tol: float = 1e-6,
                  max_iter: int = 100_000, batch: int | None = None) -> pd.DataFrame:
    """The Economic Systemic Risk Index (ESRI): the share of output lost if one firm fails.

    Diem, Borsos, Reisch, Kertész & Thurner (2022), *Sci. Rep.* 12, 7719, as computed by
    the authors' cascade code (the R/C++ packages GLcascade and fastcascade; the equations
    are written out in the documentation of ESRIcascade.jl, Devetak & Klimek, which
    matches fastcascade to 1e-14). On the ``layer`` (directed supplier -> customer,
    weight = value), with :math:`W_{ij}` the value firm :math:`i` supplies to firm
    :math:`j`, :math:`r_i = \\sum_j W_{ij}` its sales, :math:`p_i` its product (sector)
    and :math:`\\psi_i` the shock (1 for the failing firm: its level is capped at
    :math:`1 - \\psi_i = 0`), two cascades run side by side from every level at 1:

    - **downstream** (customers lose inputs), the level :math:`d_j`. The essential
      inputs of product :math:`k` weigh :math:`E_j(k) = \\sum_{i: p_i = k} W_{ij}` (the
      suppliers of one product substitute each other), all inputs
      :math:`A_j = \\sum_i W_{ij}`; with the lost supply
      :math:`\\ell_i = \\sigma_i (1 - d_i)`:

      .. math:: d_j(t+1) = \\min\\Big[\\min_{k \\in I^{es}_j}\\Big(1 - \\sum_{i: p_i = k}
                \\frac{W_{ij}\\,\\ell_i(t)}{E_j(k)}\\Big),\\;
                1 - \\sum_{i \\in I^{ne}_j}\\frac{W_{ij}\\,\\ell_i(t)}{A_j},\\;
                1 - \\psi_j\\Big]

      (generalised Leontief: Leontief in the essential products :math:`I^{es}_j`,
      linear in the others, whose loss counts against *all* inputs);
      ``"leontief"``: every input product is essential; ``"linear"``: none is, so
      :math:`d_j = \\sum_i W_{ij} (1 - \\ell_i) / A_j`;
    - **replacement** (``replacement=True``, the reference code's market option, with
      the products as markets): a lost supplier is replaced in proportion to what its
      market still produces, :math:`\\sigma_i = \\min[r_i / \\sum_{m: p_m = p_i} r_m
      d_m(t), 1]` (1 when that is 0); ``False``, or products of one firm each:
      :math:`\\sigma = 1`;
    - **upstream** (suppliers lose demand), linear, the level :math:`u_i`:
      :math:`u_i(t+1) = \\min[\\sum_j W_{ij} u_j(t) / r_i,\\; 1 - \\psi_i]` (1 without
      sales);
    - both are updated together until neither changes by more than ``tol``; the
      firm's level is then :math:`h_i = \\min(u_i, d_i)`. A firm stopped for lack of an
      input does not cut its own orders in this model: the two cascades meet only here;
    - :math:`\\mathrm{ESRI} = \\sum_i o_i (1 - h_i) / \\sum_i o_i`, the output
      :math:`o_i` by default the sales :math:`r_i` as in the paper (the failing firm's
      own output counts).

    The equation numbers of the paper's Methods could not be checked here (the text was
    not at hand); the equations above are those of the reference code.

    **What is assumed here.** The paper reads essential inputs from a survey of industry
    analysts (IHS Markit, NACE sector pairs). Here an input product is essential to a
    firm when it makes at least ``essential_share`` of the firm's input value (a large
    input is hard to do without); ``essential_share=0`` is the Leontief function.
    Products are the values of the ``sector`` column; without it (or where a firm's
    sector is missing) every supplier is a product of its own (nothing is replaced).
    Inventories are not drawn on. An extension: output sold outside the network
    (``output``) is demand that is never lost, :math:`u_i = (\\sum_j W_{ij} u_j +
    o_i - r_i) / o_i`.

    Parameters
    ----------
    net : MultilayerNetwork
    candidates : None, int, 'anchors' or list of ids
        The firms whose failure is simulated: None, every organisation with a tie in the
        layer; an int ``k``, the ``k`` with the largest strength (sales plus purchases);
        ``'anchors'``, the organisations flagged in the ``anchor`` column; or ids.
    layer : str
        The production layer (directed).
    production_function : {'generalised', 'leontief', 'linear'}
    sector : str or None
        Organisation column of products; None, or no column of the default name, makes
        every supplier its own product.
    essential_share : float
        In [0, 1]: an input product with at least this share of a firm's input value is
        essential to it (``'generalised'`` only).
    replacement : bool
        Suppliers of one product replace a lost one in proportion to their output (the
        market-share factor :math:`\\sigma`); no effect without ``sector``.
    output : str, float or None
        Each firm's total output, weighing its loss and the demand that is never lost:
        None, its out-strength in the layer (no sales outside the network); a share in
        [0, 1), the part of every firm's output sold outside (output = out-strength /
        (1 - share)); or an organisation column (e.g. turnover; missing values count 0,
        a value below the out-strength counts as the out-strength).
    type : str or None
        Organisation type column, shown and used to mark firms (``is_firm``).
    anchor : str
        The anchor flag column read by ``candidates='anchors'``.
    tol, max_iter : float, int
        The cascade stops when no level changes by more than ``tol``; an error after
        ``max_iter`` steps.
    batch : int, optional
        Scenarios run together (default: as many as fit in about 160 MB).

    Returns
    -------
    DataFrame
        Indexed by organisation id, sorted by ESRI: ``rank``, ``name`` and ``type`` (when
        the network has them), ``esri``, ``own_output`` (the firm's own share of output:
        what is lost with no propagation at all), ``amplification`` (``esri /
        own_output``; missing when the own share is 0), ``firms_hit`` (other firms
        producing less), ``firms_halved`` (of them, losing half or more), ``suppliers``,
        ``customers``, ``strength``, ``steps`` (of the cascade) and ``reason``.
        ``attrs``: ``notes`` (what was assumed), ``parameters``.

    See Also
    --------
    linkages.leading_firms, linkages.resilience

    Examples
    --------
    A chain a -> b -> c: c needs b, b needs a; everyone sells 10 but c, which sells
    nothing inside the network.

    >>> import pandas as pd
    >>> import linkages as lk
    >>> rels = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"],
    ...                      "layer": "production", "weight": [10.0, 10.0]})
    >>> net = lk.from_tables(pd.DataFrame({"id": ["a", "b", "c"]}), rels)
    >>> risk = lk.systemic_risk(net)
    >>> risk[["rank", "esri", "own_output", "firms_hit"]]
        rank  esri  own_output  firms_hit
    id
    a      1   1.0         0.5          2
    b      2   1.0         0.5          2
    c      3   1.0         0.0          2
    """
    caller = "systemic_risk"
    check_type(net, MultilayerNetwork, argument="net", caller=caller)
    check_one_of(layer, list(net.layers), argument="layer", caller=caller)
    check_one_of(production_function, list(PRODUCTION_FUNCTIONS),
                 argument="production_function", caller=caller)
    if isinstance(essential_share, bool) or not isinstance(essential_share, int | float) \
            or not 0 <= essential_share <= 1:
        raise InputError(f"The 'essential_share' argument of {caller} must be a number in "
                         f"[0, 1]. Got {essential_share!r} instead.")
    check_type(replacement, bool, argument="replacement", caller=caller)
    if not (isinstance(tol, int | float) and tol > 0):
        raise InputError(f"The 'tol' argument of {caller} must be a positive number. "
                         f"Got {tol!r} instead.")
    orgs = net.organisations
    notes: list[str] = []
    n = net.n_organisations
    s, t, w, _ = aggregate_ties(net, layers=layer, directed=True, caller=caller)
    if not net.directed[layer]:
        notes.append(f"the {layer!r} layer is undirected: each tie was read both ways")
    loops = s == t
    zero = w <= 0
    if loops.any():
        notes.append(f"{int(loops.sum()):,} self-ties (a firm supplying itself) left out")
    if (zero & ~loops).any():
        notes.append(f"{int((zero & ~loops).sum()):,} ties of value 0 left out")
    keep = ~loops & ~zero
    s, t, w = s[keep], t[keep], w[keep]

    if sector is not None and sector == "sector" and sector not in orgs.columns:
        sector = None
        notes.append("no 'sector' column: every supplier is a product of its own (no two "
                     "suppliers substitute each other)")
    if sector is not None:
        if sector not in orgs.columns:
            check_one_of(sector, [str(c) for c in orgs.columns], argument="sector",
                         caller=caller)
        codes, _ = pd.factorize(orgs[sector])
        missing = codes < 0
        product = np.where(missing, codes.max(initial=-1) + 1 + np.arange(n), codes)
        if missing.any():
            notes.append(f"{int(missing.sum()):,} organisations have no {sector!r}: each is a "
                         "product of its own")
    else:
        product = np.arange(n)
    product = product.astype(np.int64)

    if production_function == "leontief":
        essential: Any = True
    elif production_function == "linear":
        essential = False
    else:
        def essential(firm: np.ndarray, value: np.ndarray, inputs: np.ndarray) -> np.ndarray:
            return value >= essential_share * inputs[firm] * (1 - 1e-12)

    sales = np.bincount(s, weights=w, minlength=n)
    purchases = np.bincount(t, weights=w, minlength=n)
    sold = _output(output, orgs, sales, caller=caller)
    model = ShockModel(n, s, t, w, product, essential, sold, sold=sold,
                       replacement=replacement and sector is not None)

    active = (sales > 0) | (purchases > 0)
    shocked = _candidates(candidates, net, active, sales + purchases, anchor=anchor,
                          caller=caller)
    if batch is None:
        rows = max(model.n_essential, n)
        batch = max(1, min(len(shocked), BATCH_CELLS // max(rows, 1)))
    esri, hit, halved, steps = model.run(shocked, tol=float(tol), max_iter=int(max_iter),
                                         batch=int(batch))
    own = sold[shocked] / model.total if model.total > 0 else np.zeros(len(shocked))
    suppliers = np.bincount(t, minlength=n)[shocked]
    customers = np.bincount(s, minlength=n)[shocked]
    table = pd.DataFrame({
        "esri": esri, "own_output": own,
        "amplification": np.where(own > 0, esri / np.where(own > 0, own, 1), np.nan),
        "firms_hit": hit, "firms_halved": halved, "suppliers": suppliers.astype(np.int64),
        "customers": customers.astype(np.int64),
        "strength": (sales + purchases)[shocked], "steps": steps},
        index=orgs.index[shocked])
    table = table.sort_values("esri", ascending=False, kind="stable")
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    if type is not None and type in orgs.columns:
        types, _ = normalise_types(orgs.loc[table.index, type])
        table.insert(1, "type", types.to_numpy())
        table.insert(2, "is_firm", types.isin(FIRM_TYPES).to_numpy())
    if "name" in orgs.columns:
        table.insert(1, "name", orgs.loc[table.index, "name"].to_numpy())
    table["reason"] = _reasons(table)
    table.attrs["notes"] = notes
    table.attrs["parameters"] = {
        "layer": layer, "production_function": production_function, "sector": sector,
        "essential_share": essential_share, "replacement": replacement,
        "output": "out-strength" if output is None else output, "tol": tol}
    return table


def _output(output: Any, orgs: pd.DataFrame, sales: np.ndarray, *,
            caller: str) -> np.ndarray:
    """Every firm's total output: sales inside the network and, when known, outside."""
    if output is None:
        return sales
    if isinstance(output, str):
        if output not in orgs.columns:
            check_one_of(output, [str(c) for c in orgs.columns], argument="output",
                         caller=caller)
        values = pd.to_numeric(orgs[output], errors="coerce").to_numpy(dtype=float)
        if (values < 0).any():
            raise InputError(f"The 'output' argument of {caller} names the column {output!r}, "
                             "which holds negative values.")
        return np.maximum(np.nan_to_num(values, nan=0.0), sales)
    if isinstance(output, bool) or not isinstance(output, int | float) or not 0 <= output < 1:
        raise InputError(f"The 'output' argument of {caller} must be None, a share in [0, 1) "
                         f"or a column name. Got {output!r} instead.")
    return sales / (1.0 - output)


def _candidates(candidates: Any, net: MultilayerNetwork, active: np.ndarray,
                strength: np.ndarray, *, anchor: str, caller: str) -> np.ndarray:
    """Positions of the firms whose failure is simulated."""
    if candidates is None:
        return np.flatnonzero(active)
    if isinstance(candidates, int | np.integer) and not isinstance(candidates, bool):
        if candidates < 1:
            raise InputError(f"The 'candidates' argument of {caller} must be a positive "
                             f"integer, 'anchors', ids or None. Got {candidates!r} instead.")
        order = np.lexsort((np.arange(len(strength)), -strength))
        order = order[active[order]]
        return np.sort(order[:int(candidates)])
    if isinstance(candidates, str) and candidates == "anchors":
        orgs = net.organisations
        if anchor not in orgs.columns:
            raise InputError(f"The 'candidates' argument of {caller} is 'anchors', but the "
                             f"network has no {anchor!r} column. Found columns "
                             f"{[str(c) for c in orgs.columns]!r}.")
        flags = orgs[anchor].fillna(False).astype(bool).to_numpy()
        return np.flatnonzero(flags)
    if isinstance(candidates, str):
        candidates = [candidates]
    if not isinstance(candidates, Sequence | np.ndarray | pd.Index | pd.Series):
        raise TypeError(f"The 'candidates' argument of {caller} must be None, an int, "
                        f"'anchors' or a list of ids. Got {type(candidates).__name__} "
                        "instead.")
    positions = check_known_ids(pd.Series(list(candidates)), net.organisations.index,
                                argument="candidates", caller=caller)
    return np.asarray(pd.unique(positions), dtype=np.int64)


def _reasons(table: pd.DataFrame) -> pd.Series:
    """One sentence per firm: what its failure costs and how far it spreads."""
    text = []
    for esri, own, hit, halved, sup, cus in zip(
            table["esri"], table["own_output"], table["firms_hit"], table["firms_halved"],
            table["suppliers"], table["customers"], strict=True):
        parts = [f"its failure costs {esri:.1%} of the network's output"]
        if own > 0:
            parts.append(f"{esri / own:.1f}x its own {own:.1%}" if esri > own * 1.0001
                         else "no more than its own output")
        else:
            parts.append("it sells nothing inside the network: the loss is its partners'")
        parts.append(f"{hit:,} firms produce less, {halved:,} lose half or more")
        parts.append(f"{cus:,} customer{'s' if cus != 1 else ''}, "
                     f"{sup:,} supplier{'s' if sup != 1 else ''}")
        text.append("; ".join(parts))
    return pd.Series(text, index=table.index, dtype=object)
