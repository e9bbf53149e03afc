"""The metastatic cascade as a chain of survival probabilities, simulated for many patients at once.

A primary tumour sheds S cells per day into the blood for T days. Each shed cell must pass a
sequence of steps, independently, with probability p_i at step i; a cell that passes them all
founds a lineage (a birth–death process, :mod:`metastasis.models.branching`) that escapes
extinction with probability 1 − d/b and becomes a macrometastasis. So, per shed cell,

    P(macrometastasis) = Π p_i · (1 − d/b).

With Poisson shedding (the number shed in T days is Poisson with mean S·T), thinning keeps it
Poisson at every step: the number of cells that pass step i is Poisson with mean
S·T·p_1···p_i, and the number of macrometastases M is

    M ~ Poisson(λ),     λ = S·T · Π p_i · (1 − d/b),

so E[M] = Var[M] = λ and P(M = 0) = e^{−λ}. With a fixed number shed, each count is binomial.

The simulator draws these counts step by step with binomial thinning, vectorised over patients
(``n_patients`` rows), never cell by cell: at each step cells that passed + cells lost = cells
that entered, and the cells that passed enter the next step.

Assumptions and limits: cells act independently (no clusters, no cooperation, no immune memory);
the probabilities do not change with time or tumour size; a "macrometastasis" is a lineage that
never dies out. The model says nothing about *when* it becomes detectable (see
:mod:`metastasis.models.dormancy` for timing).

Default values (:func:`default_parameters` lists them with their status):

- shedding: 3.2×10⁶ cells per g of tumour per day (Butler & Gullino 1975,
  ``butler1975quantitation``, rat mammary adenocarcinoma) [checked];
- survival in the circulation: ~1% of injected B16 melanoma cells alive at 24 h (Fidler 1970,
  ``fidler1970metastasis``, mouse) [checked];
- arrest and extravasation: >80% of injected B16F10 cells survived and extravasated by 24 h
  (Koop et al. 1995, ``koop1995fate``, intravital videomicroscopy in the chorioallantoic
  membrane of chick embryos; entered as 0.8, a lower bound) [checked: abstract]. The abstract
  counts survival *and* extravasation of injected cells, so this figure overlaps the previous
  one, and the two disagree (1% against >80% alive at 24 h: different hosts and methods);
- micrometastasis formation: ~2% of injected cells form micrometastases (Luzzi et al. 1998,
  ``luzzi1998multistep``) **[unverified]**, used as a per-step probability: illustrative only;
- lineage growth: net growth rate b − d = ln2 / 1.7 months, the tumour doubling time of Coumans
  et al.'s human calibration (``coumans2013detection``) [checked], with d/b = 0.99 so that, as
  in Luzzi et al.'s recalled figures (0.02% macro- vs 2% micrometastases, **[unverified]**), one
  lineage in a hundred escapes extinction. b and d are therefore **illustrative**.

Every step probability is read from the ``cascade_efficiency`` dataset through
:func:`metastasis.data.load`, so the numbers here cannot drift from the data. The mouse
fractions come from different experiments and are each a fraction of *injected* cells alive at
a stage, not a conditional probability of passing one step: multiplying them is a teaching
device, and it double-counts some losses. The human calibration (Coumans et al. 2013,
[checked]) is about one metastasis per 6×10⁷ disseminated cells; :func:`calibration_gap`
compares a chain of steps with it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import branching, inputs

__all__ = [
    "Step",
    "Parameter",
    "CascadeRun",
    "MONTH_DAYS",
    "LINEAGE_STEP",
    "default_steps",
    "default_growth",
    "default_parameters",
    "shedding_rate",
    "human_calibration_probability",
    "overall_probability",
    "expected_metastases",
    "calibration_gap",
    "poisson_pmf",
    "poisson_sf",
    "metastasis_pmf",
    "simulate",
    "explorer_model",
]

#: Days in a month (365.25 / 12), used to turn Coumans et al.'s doubling time into a rate.
MONTH_DAYS = 365.25 / 12
#: Name of the last step: the founder's lineage escapes extinction (probability 1 − d/b).
LINEAGE_STEP = "lineage escapes extinction"

# cascade_efficiency rows used as defaults: step name here -> (quantity in the data, data step)
_STEP_ROWS = {
    "survival in the circulation": "injected cells alive at 24 h",
    "arrest and extravasation": "injected cells that survive and extravasate by 24 h",
    "micrometastasis formation": "injected cells forming micrometastases",
}
_SHEDDING_ROW = "tumour cells shed into efferent blood"
_DOUBLING_ROW = "tumour doubling time (human calibration)"
_CALIBRATION_ROW = "disseminated cells per metastasis"
_MACRO_ROW = "injected cells forming macrometastases"


@dataclass(frozen=True)
class Step:
    """One step of the cascade: the probability that a cell entering it passes it."""

    name: str
    probability: float
    source: str = ""
    verified: bool = False
    note: str = ""

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise TypeError(f"a step's name must be a non-empty string, got {self.name!r}")
        object.__setattr__(self, "probability",
                           inputs.bounded(f"probability of step {self.name!r}", self.probability, 0.0, 1.0))


@dataclass(frozen=True)
class Parameter:
    """A default value with its unit, bibtex key and status."""

    name: str
    value: float
    unit: str
    source: str
    verified: bool
    note: str = ""


# -- defaults, read from the data ---------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _rows() -> dict:
    from .. import data

    frame = data.load("cascade_efficiency").set_index("quantity")
    return {q: frame.loc[q].to_dict() for q in frame.index}


def _row(quantity: str) -> dict:
    return _rows()[quantity]


def default_steps(include_unverified: bool = True) -> tuple[Step, ...]:
    """The default steps (before the lineage step), with probabilities from ``cascade_efficiency``.

    With ``include_unverified=False`` only steps backed by verified rows are kept (so the
    micrometastasis step, from Luzzi et al. 1998, is left out: probability 1 in effect).
    """
    if not isinstance(include_unverified, bool):
        raise TypeError(f"include_unverified must be True or False, got {include_unverified!r}")
    steps = []
    for name, quantity in _STEP_ROWS.items():
        row = _row(quantity)
        if row["unit"] != "percent":
            raise ValueError(f"cascade_efficiency row {quantity!r} is not a percentage")
        verified = bool(row["verified"])
        if not verified and not include_unverified:
            continue
        note = f"{row['value_text']} ({row['model_system']})"
        if not verified:
            note += "; UNVERIFIED, illustrative only"
        steps.append(Step(name, row["value"] / 100.0, row["source"], verified, note))
    return tuple(steps)


@dataclass(frozen=True)
class _Growth:
    birth: float
    death: float
    net_rate: float
    doubling_days: float
    extinction: float


@functools.lru_cache(maxsize=1)
def default_growth() -> _Growth:
    """Illustrative b and d (per day): b − d from Coumans's 1.7-month doubling time, d/b = 0.99.

    d/b = 1 − (macro- / micrometastases) = 1 − 0.02%/2% from Luzzi et al. 1998 [unverified].
    """
    doubling = _row(_DOUBLING_ROW)
    if doubling["unit"] != "month":
        raise ValueError(f"cascade_efficiency row {_DOUBLING_ROW!r} is not in months")
    doubling_days = doubling["value"] * MONTH_DAYS
    r = math.log(2) / doubling_days
    q = 1.0 - _row(_MACRO_ROW)["value"] / _row(_STEP_ROWS["micrometastasis formation"])["value"]
    birth = r / (1.0 - q)
    return _Growth(birth=birth, death=birth - r, net_rate=r, doubling_days=doubling_days, extinction=q)


def default_parameters() -> tuple[Parameter, ...]:
    """Every default the cascade uses, with unit, source and whether it is verified."""
    shed = _row(_SHEDDING_ROW)
    growth = default_growth()
    out = [Parameter("shedding per g of tumour", shed["value"], shed["unit"], shed["source"],
                     bool(shed["verified"]), shed["model_system"])]
    out += [Parameter(s.name, s.probability, "probability", s.source, s.verified, s.note)
            for s in default_steps()]
    out += [
        Parameter("net growth rate b − d", growth.net_rate, "per day", _row(_DOUBLING_ROW)["source"], True,
                  "ln2 / (1.7 months × 30.44 days): the human calibration's doubling time"),
        Parameter("extinction probability d/b", growth.extinction, "probability", "luzzi1998multistep", False,
                  "1 − 0.02%/2% (macro- over micrometastases), UNVERIFIED; illustrative"),
        Parameter("birth rate b", growth.birth, "per day", "", False, "derived from the two rows above; illustrative"),
        Parameter("death rate d", growth.death, "per day", "", False, "derived from the two rows above; illustrative"),
    ]
    return tuple(out)


def shedding_rate(tumour_mass_g: float, per_gram_per_day: float | None = None) -> float:
    """Cells shed per day by a tumour of the given mass (default 3.2×10⁶ per g per day, Butler 1975)."""
    mass = inputs.positive("tumour mass (g)", tumour_mass_g)
    rate = _row(_SHEDDING_ROW)["value"] if per_gram_per_day is None else per_gram_per_day
    return mass * inputs.positive("shedding per g per day", rate)


def human_calibration_probability() -> float:
    """Metastases per disseminated cell in Coumans et al.'s human calibration: 1 / 6×10⁷ [checked]."""
    return 1.0 / _row(_CALIBRATION_ROW)["value"]


# -- analytic results ---------------------------------------------------------------------------

def _resolve_growth(birth, death) -> tuple[float, float]:
    if birth is None and death is None:
        g = default_growth()
        return g.birth, g.death
    if birth is None or death is None:
        raise ValueError("give both the birth rate and the death rate, or neither (for the defaults)")
    return branching.check_rates(birth, death)


def _resolve_steps(steps) -> tuple[Step, ...]:
    if steps is None:
        return default_steps()
    if isinstance(steps, Mapping):
        items = list(steps.items())
    elif isinstance(steps, Sequence) and not isinstance(steps, str):
        items = list(steps)
    else:
        raise TypeError(f"steps must be a sequence of Step or (name, probability) pairs, or a mapping; got {steps!r}")
    out = []
    for item in items:
        if isinstance(item, Step):
            out.append(item)
        elif isinstance(item, tuple) and len(item) == 2:
            out.append(Step(item[0], item[1]))
        else:
            raise TypeError(f"each step must be a Step or a (name, probability) pair, got {item!r}")
    names = [s.name for s in out]
    if len(set(names)) != len(names) or LINEAGE_STEP in names:
        raise ValueError(f"step names must be unique and not {LINEAGE_STEP!r}, got {names}")
    return tuple(out)


def overall_probability(steps=None, birth: float | None = None, death: float | None = None) -> float:
    """P(a shed cell founds a macrometastasis) = Π p_i · (1 − d/b)."""
    steps = _resolve_steps(steps)
    b, d = _resolve_growth(birth, death)
    return float(np.prod([s.probability for s in steps])) * branching.survival_probability(b, d)


def _shed_total(shed_per_day, days) -> float:
    s = inputs.number("shedding rate (cells per day)", shed_per_day)
    if s < 0:
        raise ValueError(f"shedding rate (cells per day) cannot be negative, got {s}")
    t = inputs.number("duration (days)", days)
    if t < 0:
        raise ValueError(f"duration (days) cannot be negative, got {t}")
    total = s * t
    if total > 1e15:
        raise ValueError(f"{total:.3g} cells shed is beyond what the simulator draws (10¹⁵)")
    return total


def expected_metastases(shed_per_day: float, days: float, steps=None, birth: float | None = None,
                        death: float | None = None) -> float:
    """λ = S·T · Π p_i · (1 − d/b): the mean (and, with Poisson shedding, the variance) of M."""
    return _shed_total(shed_per_day, days) * overall_probability(steps, birth, death)


def calibration_gap(steps=None, birth: float | None = None, death: float | None = None) -> float:
    """How many times more likely the chain makes a metastasis per cell than the human calibration."""
    return overall_probability(steps, birth, death) / human_calibration_probability()


def _log_factorial(k: np.ndarray) -> np.ndarray:
    return np.asarray(np.frompyfunc(math.lgamma, 1, 1)(k + 1.0), dtype=float)


def poisson_pmf(k, mean: float):
    """P(X = k) for X ~ Poisson(mean); k an integer or array of integers ≥ 0."""
    k_arr = inputs.array("count", k, minimum=0)
    if np.any(k_arr != np.round(k_arr)):
        raise ValueError(f"count must be whole numbers, got {k!r}")
    lam = inputs.number("mean", mean)
    if lam < 0:
        raise ValueError(f"mean cannot be negative, got {lam}")
    if lam == 0:
        out = (k_arr == 0).astype(float)
    else:
        out = np.exp(k_arr * math.log(lam) - lam - _log_factorial(k_arr))
    return float(out) if out.ndim == 0 else out


def poisson_sf(k: int, mean: float) -> float:
    """P(X ≥ k) for X ~ Poisson(mean), summed from whichever side is accurate."""
    k = branching.whole_number("threshold", k, minimum=0)
    lam = inputs.number("mean", mean)
    if lam < 0:
        raise ValueError(f"mean cannot be negative, got {lam}")
    if k == 0:
        return 1.0
    if lam >= k:
        return float(max(0.0, 1.0 - np.sum(poisson_pmf(np.arange(k), lam))))
    upper = k + 60 + int(20 * math.sqrt(lam))  # terms fall faster than (lam/k)^j beyond k
    return float(min(1.0, np.sum(poisson_pmf(np.arange(k, upper), lam))))


def metastasis_pmf(k, shed_per_day: float, days: float, steps=None, birth: float | None = None,
                   death: float | None = None):
    """P(M = k): the Poisson law of the number of macrometastases (Poisson shedding)."""
    return poisson_pmf(k, expected_metastases(shed_per_day, days, steps, birth, death))


# -- simulation ---------------------------------------------------------------------------------

@dataclass
class CascadeRun:
    """Counts for each simulated patient (rows) and step (columns), in the order of ``steps``.

    ``entered[:, i] = passed[:, i] + lost[:, i]`` and ``entered[:, i + 1] = passed[:, i]``; the
    first column's ``entered`` is the number shed, the last column's ``passed`` the number of
    macrometastases.
    """

    steps: tuple[str, ...]
    probabilities: np.ndarray
    entered: np.ndarray
    passed: np.ndarray
    expected: float
    unverified: tuple[str, ...] = field(default=())

    @property
    def lost(self) -> np.ndarray:
        return self.entered - self.passed

    @property
    def shed(self) -> np.ndarray:
        return self.entered[:, 0]

    @property
    def metastases(self) -> np.ndarray:
        return self.passed[:, -1]

    def mean_counts(self) -> dict[str, dict[str, float]]:
        """Mean entered, passed and lost per patient, for each step."""
        return {name: {"entered": float(self.entered[:, i].mean()), "passed": float(self.passed[:, i].mean()),
                       "lost": float(self.lost[:, i].mean())} for i, name in enumerate(self.steps)}


def simulate(shed_per_day: float, days: float, steps=None, birth: float | None = None, death: float | None = None,
             n_patients: int = 2000, seed: int = 0, shedding: str = "poisson") -> CascadeRun:
    """Simulate the cascade for ``n_patients`` independent patients (seeded, vectorised).

    ``steps``: ``None`` for :func:`default_steps`, else a sequence of :class:`Step` or
    ``(name, probability)`` pairs, or a mapping name → probability. ``birth``/``death``: the
    lineage's rates per day (``None`` for the illustrative defaults of :func:`default_growth`).
    ``shedding``: ``"poisson"`` (the number shed is Poisson with mean S·T) or ``"fixed"`` (exactly
    S·T, rounded to a whole number of cells).
    """
    total = _shed_total(shed_per_day, days)
    chain = _resolve_steps(steps)
    b, d = _resolve_growth(birth, death)
    n = branching.whole_number("n_patients", n_patients, minimum=1)
    rng = branching.seeded_rng(seed)
    if shedding not in ("poisson", "fixed"):
        raise ValueError(f"shedding must be 'poisson' or 'fixed', got {shedding!r}")
    probs = np.array([s.probability for s in chain] + [branching.survival_probability(b, d)])
    names = tuple(s.name for s in chain) + (LINEAGE_STEP,)
    current = rng.poisson(total, n) if shedding == "poisson" else np.full(n, int(round(total)), dtype=np.int64)
    entered = np.empty((n, probs.size), dtype=np.int64)
    passed = np.empty_like(entered)
    for i, p in enumerate(probs):
        entered[:, i] = current
        current = rng.binomial(current, p)
        passed[:, i] = current
    unverified = tuple(s.name for s in chain if steps is None and not s.verified)
    if birth is None:
        unverified += (LINEAGE_STEP,)
    expected = (total if shedding == "poisson" else float(round(total))) * float(np.prod(probs))
    return CascadeRun(names, probs, entered, passed, expected, unverified)


def explorer_model(shed_per_day: float, colonisation_probability: float, days: float = 365.0,
                   birth: float | None = None, death: float | None = None, n_patients: int = 2000,
                   seed: int = 0) -> dict:
    """Fast model for an explorer: shedding rate × colonisation probability → metastasis count.

    The chain is the verified default steps plus one "colonisation" step with the given
    probability (the reader's slider, in place of the unverified micrometastasis figure), then the
    lineage step. Returns the support ``k``, the exact Poisson ``pmf``, the fraction of the
    ``n_patients`` simulated patients with each count (``simulated``), the exact ``mean``, the
    simulated mean and variance, ``p_any`` = P(M ≥ 1) = 1 − e^{−λ}, and the per-cell
    ``overall_probability``. A few milliseconds for 2,000 patients.
    """
    p = inputs.bounded("colonisation probability", colonisation_probability, 0.0, 1.0)
    chain = default_steps(include_unverified=False) + (Step("colonisation", p, "", False, "the reader's choice"),)
    run = simulate(shed_per_day, days, chain, birth, death, n_patients, seed)
    lam = run.expected
    m = run.metastases
    spread = 8.0 * math.sqrt(lam)
    lo = int(max(0, min(math.floor(lam - spread), m.min())))
    hi = int(max(math.ceil(lam + spread + 8), m.max()))
    k = np.arange(lo, hi + 1)
    simulated = np.bincount(m - lo, minlength=k.size) / n_patients
    return {
        "k": k,
        "pmf": poisson_pmf(k, lam),
        "simulated": simulated,
        "mean": lam,
        "simulated_mean": float(m.mean()),
        "simulated_variance": float(m.var()),
        "p_any": float(-math.expm1(-lam)),
        "overall_probability": float(np.prod(run.probabilities)),
        "unverified": run.unverified,
    }
