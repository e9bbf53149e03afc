"""A single disseminated cell's lineage as a linear birth–death (branching) process.

A cell divides at rate b and dies at rate d (per day); every descendant does the same,
independently. N(t) is the number of cells at time t, starting from N(0) = 1. This is Kendall's
simple (linear) birth-and-death process (Kendall 1948, ``kendall1948generalized``); the results
below are the standard ones for it [not read in the paper: see the note on sources].

Write r = b − d for the net growth rate and

    g(t) = (e^{rt} − 1) / r        (g(t) = t when b = d),

which is positive for every t > 0. Then, exactly,

    P(N(t) = 0) = α(t) = d·g / (1 + b·g)
                = d(e^{rt} − 1) / (b e^{rt} − d)                       (b ≠ d)
    P(N(t) = n) = (1 − α)(1 − β) β^{n−1},   n ≥ 1,    β(t) = b·g / (1 + b·g)
    E[N(t)]     = e^{rt}
    Var[N(t)]   = (b + d) e^{rt} g(t)
    E[N(t) | N(t) > 0] = 1 + b·g(t)

so, given that the lineage is alive, its size is geometric. The probability generating function
is G(s) = α + (1 − α)(1 − β) s / (1 − β s). As t → ∞, α(t) rises to the probability that the
lineage ever dies out:

    q = d / b   if b > d,        q = 1   if b ≤ d.

A lineage founded by k cells dies out with probability q^k (the founders' lineages are
independent). A lineage that survives grows, on average, like e^{rt}; the time it needs to reach
M cells is taken here as ln(M) / r. That is a deterministic approximation (an assumption, stated
wherever it is used): a surviving lineage is in fact larger than e^{rt}, by a random factor whose
mean is about b/r, so it reaches M sooner (by about ln(b/r)/r: :func:`time_to_size` with
``given_survival=True``), and with scatter.

Two seeded simulations check the formulas without using them:

- :func:`simulate_fate` follows each lineage's jump chain (up with probability b/(b+d), down
  otherwise) until it dies out or reaches a size from which extinction is negligible;
- :func:`simulate_gillespie` runs Gillespie's exact algorithm to time t, vectorised over lineages
  (one loop iteration per event, never one per cell).

:func:`sample_sizes` draws N(t) exactly from the closed form (fast: use it in explorers).

Sources. The d/b result and the closed form are textbook results for the linear birth–death
process; Kendall 1948 is the classical reference. Status: **[not read in the paper]**. The search
tools available here could not show Kendall's text; a public R package (``burnout``) cites
Kendall 1948 for the probability of eventual extinction of a birth–death process, and the
results are checked numerically in the tests (simulation and the Kolmogorov forward equations).
Haeno & Michor's metastasis papers use such processes, but none of their abstracts that could be
read states d/b, so they are not cited for it.

Related reading (abstract read, not cited for d/b): Avanzini & Antal 2019 (PLoS Comput Biol
15:e1007423) treat each metastasis as an independent branching process and ask when the first one
becomes detectable.

This module also holds the small checks shared by the Part II models: :func:`seeded_rng` and
:func:`whole_number` and :func:`check_rates`.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import inputs

__all__ = [
    "seeded_rng",
    "whole_number",
    "check_rates",
    "extinction_probability",
    "survival_probability",
    "extinct_by",
    "geometric_ratio",
    "size_pmf",
    "pgf",
    "expected_size",
    "size_variance",
    "expected_size_if_alive",
    "time_to_size",
    "sample_sizes",
    "simulate_fate",
    "simulate_gillespie",
]


# -- shared checks ------------------------------------------------------------------------------

def seeded_rng(seed) -> np.random.Generator:
    """``numpy.random.default_rng(seed)`` for a seed that is a non-negative integer (not a bool)."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be a non-negative integer, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    return np.random.default_rng(int(seed))


def whole_number(name: str, value, minimum: int = 0) -> int:
    """An integer (not a bool, not a float such as 3.0) that is at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def check_rates(birth, death) -> tuple[float, float]:
    """Checked (b, d): a birth rate > 0 and a death rate >= 0 (per cell per day)."""
    b = inputs.positive("birth rate", birth, hint=" (divisions per cell per day)")
    d = inputs.number("death rate", death)
    if d < 0:
        raise ValueError(f"death rate cannot be negative, got {d}")
    return b, d


def _times(t) -> np.ndarray:
    return inputs.array("time", t, minimum=0)


def _out(arr: np.ndarray):
    return float(arr) if np.ndim(arr) == 0 else arr


def _g(t: np.ndarray, r: float) -> np.ndarray:
    """(e^{rt} − 1)/r, or t when r = 0; +inf where e^{rt} overflows."""
    if r == 0:
        return t.astype(float)
    with np.errstate(over="ignore"):
        return np.expm1(r * t) / r


# -- analytic results ---------------------------------------------------------------------------

def extinction_probability(birth: float, death: float, founders: int = 1) -> float:
    """Probability that the lineage ever dies out: (d/b)^k if b > d, else 1 (k founder cells)."""
    b, d = check_rates(birth, death)
    k = whole_number("founders", founders, minimum=1)
    return (d / b) ** k if b > d else 1.0


def survival_probability(birth: float, death: float, founders: int = 1) -> float:
    """Probability that the lineage never dies out: 1 − (d/b)^k if b > d, else 0."""
    return 1.0 - extinction_probability(birth, death, founders)


def extinct_by(t, birth: float, death: float):
    """P(N(t) = 0) for one founder: d·g/(1 + b·g) = d(e^{rt} − 1)/(b e^{rt} − d); bt/(1+bt) if b = d."""
    t = _times(t)
    b, d = check_rates(birth, death)
    g = _g(t, b - d)
    with np.errstate(divide="ignore"):
        alpha = d / (b + 1.0 / g)  # = d g / (1 + b g), safe at g = 0 and g = inf
    return _out(alpha)


def geometric_ratio(t, birth: float, death: float):
    """β(t) = b·g/(1 + b·g): given N(t) ≥ 1, P(N(t) = n) = (1 − β) β^{n−1}."""
    t = _times(t)
    b, d = check_rates(birth, death)
    g = _g(t, b - d)
    with np.errstate(divide="ignore"):
        beta = b / (b + 1.0 / g)
    return _out(beta)


def size_pmf(n, t: float, birth: float, death: float):
    """P(N(t) = n) for one founder cell, for an integer n or an array of them (n ≥ 0)."""
    n_arr = inputs.array("population size", n, minimum=0)
    if np.any(n_arr != np.round(n_arr)):
        raise ValueError(f"population size must be whole numbers, got {n!r}")
    t = inputs.number("time", t)
    if t < 0:
        raise ValueError(f"time cannot be negative, got {t}")
    b, d = check_rates(birth, death)
    if t == 0:
        return _out((n_arr == 1).astype(float))
    g = float(_g(np.asarray(t), b - d))
    bg = b * g
    alpha = d / (b + 1.0 / g)
    # log of (1 − α)(1 − β) = (1 + r g)/(1 + b g)²  and of β = b g/(1 + b g)
    log_alive_first = np.log1p((b - d) * g) - 2.0 * np.log1p(bg) if np.isfinite(g) else -np.inf
    log_beta = -np.log1p(1.0 / bg)
    with np.errstate(invalid="ignore"):
        positive = np.exp(log_alive_first + (n_arr - 1) * log_beta)
    return _out(np.where(n_arr == 0, alpha, positive))


def pgf(s, t: float, birth: float, death: float):
    """G(s) = E[s^{N(t)}] = α + (1 − α)(1 − β) s/(1 − β s), for s in [0, 1]."""
    s_arr = inputs.array("s", s, minimum=0)
    if np.any(s_arr > 1):
        raise ValueError(f"s must be in [0, 1], got {s!r}")
    alpha = extinct_by(t, birth, death)
    beta = geometric_ratio(t, birth, death)
    return _out(alpha + (1 - alpha) * (1 - beta) * s_arr / (1 - beta * s_arr))


def expected_size(t, birth: float, death: float, founders: int = 1):
    """E[N(t)] = k·e^{(b−d)t}."""
    t = _times(t)
    b, d = check_rates(birth, death)
    k = whole_number("founders", founders, minimum=1)
    with np.errstate(over="ignore"):
        return _out(k * np.exp((b - d) * t))


def size_variance(t, birth: float, death: float, founders: int = 1):
    """Var[N(t)] = k·(b + d)·e^{rt}·g(t), i.e. k(b+d)/(b−d)·e^{rt}(e^{rt} − 1), or 2kbt if b = d."""
    t = _times(t)
    b, d = check_rates(birth, death)
    k = whole_number("founders", founders, minimum=1)
    with np.errstate(over="ignore", invalid="ignore"):
        return _out(k * (b + d) * np.exp((b - d) * t) * _g(t, b - d))


def expected_size_if_alive(t, birth: float, death: float):
    """E[N(t) | N(t) > 0] = 1 + b·g(t): surviving lineages are larger than the mean e^{rt}."""
    t = _times(t)
    b, d = check_rates(birth, death)
    return _out(1.0 + b * _g(t, b - d))


def time_to_size(size: float, birth: float, death: float, given_survival: bool = False) -> float:
    """Days for a lineage founded by 1 cell to grow to ``size`` cells at its mean rate.

    Default: ln(size)/(b − d), the time for the unconditional mean e^{(b−d)t} to reach the size.
    That is the deterministic approximation used across Part II (an assumption). It is slow for
    the lineages that matter: a lineage that survives is on average 1 + b·g(t) ≈ (b/r)·e^{rt}
    cells, so with ``given_survival=True`` this returns ln(1 + r(size − 1)/b)/r, the time for
    that conditional mean to reach the size, shorter by about ln(b/r)/r. Returns ``inf`` when
    b ≤ d (the lineage does not grow on average). With size = 10⁹ cells (about 1 cm³, the usual
    rule of thumb for a clinically detectable tumour: illustrative) the default is 20.7/(b − d).
    """
    m = inputs.number("size", size)
    if m < 1:
        raise ValueError(f"size must be at least 1 cell, got {m}")
    b, d = check_rates(birth, death)
    if not isinstance(given_survival, bool):
        raise TypeError(f"given_survival must be True or False, got {given_survival!r}")
    if b <= d:
        return float("inf")
    r = b - d
    return float(np.log1p(r * (m - 1) / b) / r) if given_survival else float(np.log(m) / r)


# -- simulations --------------------------------------------------------------------------------

def sample_sizes(t: float, birth: float, death: float, n_lineages: int, seed: int = 0,
                 founders: int = 1) -> np.ndarray:
    """N(t) for ``n_lineages`` independent lineages, drawn exactly from the closed form (seeded).

    With k founders, K ~ Binomial(k, 1 − α) founders' lineages are alive at t and their total
    size is K + NegativeBinomial(K, 1 − β) (a sum of K geometric sizes on 1, 2, ...).
    """
    t = inputs.number("time", t)
    if t < 0:
        raise ValueError(f"time cannot be negative, got {t}")
    b, d = check_rates(birth, death)
    n = whole_number("n_lineages", n_lineages, minimum=1)
    k = whole_number("founders", founders, minimum=1)
    rng = seeded_rng(seed)
    if k * float(np.exp(min((b - d) * t, 700.0))) > 1e15:
        raise ValueError("the expected population is above 10¹⁵ cells: too large to sample as integers; "
                         "shorten the time or lower the net growth rate")
    alpha = extinct_by(t, b, d)
    beta = geometric_ratio(t, b, d)
    alive = rng.binomial(k, 1.0 - alpha, size=n)
    if beta == 0.0:  # t = 0, or no births possible in the time
        return alive.astype(np.int64)
    extra = rng.negative_binomial(np.maximum(alive, 1), 1.0 - beta)
    return np.where(alive > 0, alive + extra, 0).astype(np.int64)


def _escape_size(b: float, d: float, tolerance: float) -> int:
    if d == 0:
        return 1
    return max(1, int(np.ceil(np.log(tolerance) / np.log(d / b))))


def simulate_fate(birth: float, death: float, n_lineages: int, seed: int = 0,
                  escape_size: int | None = None) -> np.ndarray:
    """Does each lineage die out? A boolean array (True = extinct), from the embedded jump chain.

    Each event is a division with probability b/(b + d), otherwise a death; a lineage is followed
    until it reaches 0 (extinct) or ``escape_size`` cells. From M cells the chance of a later
    extinction is (d/b)^M, so the default M makes that below 10⁻⁹. Only for b > d.
    """
    b, d = check_rates(birth, death)
    if b <= d:
        raise ValueError(f"simulate_fate needs birth rate > death rate (got {b} and {d}): "
                         "otherwise every lineage dies out and the walk need not end quickly")
    n = whole_number("n_lineages", n_lineages, minimum=1)
    m = _escape_size(b, d, 1e-9) if escape_size is None else whole_number("escape_size", escape_size, minimum=1)
    rng = seeded_rng(seed)
    size = np.ones(n, dtype=np.int64)
    running = np.arange(n)
    p_up = b / (b + d)
    while running.size:
        step = np.where(rng.random(running.size) < p_up, 1, -1)
        size[running] += step
        running = running[(size[running] > 0) & (size[running] < m)]
    return size == 0


def simulate_gillespie(t: float, birth: float, death: float, n_lineages: int, seed: int = 0,
                       founders: int = 1, max_events: int = 1_000_000) -> np.ndarray:
    """N(t) for ``n_lineages`` lineages by Gillespie's exact algorithm, vectorised over lineages.

    Each iteration draws the next event for every lineage still alive and before t: a waiting
    time Exp((b + d)·N), then a division with probability b/(b + d) or a death. The loop runs once
    per event of the busiest lineage, so keep (b − d)·t modest (sizes of thousands, not millions).
    """
    t = inputs.number("time", t)
    if t < 0:
        raise ValueError(f"time cannot be negative, got {t}")
    b, d = check_rates(birth, death)
    n = whole_number("n_lineages", n_lineages, minimum=1)
    k = whole_number("founders", founders, minimum=1)
    cap = whole_number("max_events", max_events, minimum=1)
    rng = seeded_rng(seed)
    size = np.full(n, k, dtype=np.int64)
    clock = np.zeros(n)
    running = np.arange(n)
    p_up = b / (b + d)
    for _ in range(cap):
        if not running.size:
            return size
        clock[running] += rng.exponential(1.0, running.size) / ((b + d) * size[running])
        inside = clock[running] <= t
        moving = running[inside]
        size[moving] += np.where(rng.random(moving.size) < p_up, 1, -1)
        running = moving[size[moving] > 0]
    raise RuntimeError(f"more than max_events={cap} events in one lineage: shorten the time or raise max_events")
