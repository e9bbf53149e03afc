"""The survival-curve lab: what a trial's medians and hazard ratio do and do not tell you.

Curves from a median
--------------------
With a constant hazard λ (exponential survival) the median fixes everything:

    S(t) = exp(−ln2 · t / median),     λ = ln2 / median,

so the hazard ratio *implied* by two medians is

    HR_implied = λ_T / λ_C = median_C / median_T.

A ratio of medians is a hazard ratio only under that assumption. Comparing it with the reported
(Cox) hazard ratio is the lab's first exercise: :func:`implied_vs_reported`.

Cure-fraction (mixture) model
-----------------------------
If a fraction π of patients is never at risk (cured, or durably controlled) and the rest have
hazard λ:

    S(t) = π + (1 − π) e^(−λ t),     h(t) = (1 − π) λ e^(−λ t) / S(t).

S falls monotonically from 1 to the plateau π; h(t) falls to 0. Two points on the curve (a
median and a landmark such as 3-year survival) fix π and λ (:func:`fit_cure_fraction`). The
hazard ratio of two such curves changes with time (:func:`hazard_ratio_over_time`), which is how
proportional hazards fail when curves plateau, as they do for checkpoint inhibitors.

Synthetic cohorts
-----------------
:func:`simulate_cohort` draws patient times from either model (seeded ``numpy`` generator) with
administrative censoring: uniform accrual over ``accrual`` months, then ``follow_up`` months, so a
patient's censoring time is uniform on [follow_up, accrual + follow_up]. Kaplan–Meier curves with
pointwise confidence intervals come from ``scipy.stats.ecdf`` on ``scipy.stats.CensoredData``, and
the log-rank test from ``scipy.stats.logrank``: nothing here re-implements either.

A treatment that works only for a while (while it is given, say) breaks proportional hazards in a
third way: :func:`simulate_two_phase_trial` gives the treatment arm a hazard ratio ``hr_before``
until ``change_time`` and ``hr_after`` from then on (a piecewise-constant hazard, sampled exactly
by inverting its cumulative hazard), against an exponential control arm.

Trials and the status of their numbers
--------------------------------------
:data:`TRIALS` holds nine records (eight trials; CheckMate 067 has two reports), each with a ``status``:

- ``"checked"``: read in the paper's abstract (here or in the book's science-sources notes, §5);
- ``"secondary"``: found only in secondary reports (news summaries of the paper);
- ``"verify"``: recalled, not confirmed.

Only checked records are facts. :func:`get_trial` (and everything built on it) refuses the others
with :class:`UnverifiedTrialError`, unless asked with ``allow_unverified=True``, which issues an
:class:`UnverifiedTrialWarning` and marks the result. Arm sizes, medians and hazard ratios are in
the records; which report each came from is in ``source`` / ``landmark_source``.
"""

from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from typing import TYPE_CHECKING

import numpy as np

from . import inputs

if TYPE_CHECKING:  # scipy.stats is imported where it is used: it costs a page half a second
    from scipy import stats

__all__ = [
    "STATUSES",
    "Arm",
    "Trial",
    "TRIALS",
    "UnverifiedTrialError",
    "UnverifiedTrialWarning",
    "checked_trials",
    "get_trial",
    "trial_table",
    "exponential_rate",
    "exponential_survival",
    "implied_hazard_ratio",
    "implied_vs_reported",
    "cure_fraction_survival",
    "cure_fraction_hazard",
    "cure_fraction_median",
    "rate_for_median",
    "fit_cure_fraction",
    "hazard_ratio_over_time",
    "Cohort",
    "simulate_cohort",
    "KaplanMeier",
    "kaplan_meier",
    "logrank",
    "simulate_trial",
    "two_phase_survival",
    "simulate_two_phase_cohort",
    "simulate_two_phase_trial",
    "logrank_rejection_rate",
    "MODELS",
    "trial_explorer_model",
]

_LN2 = np.log(2.0)
STATUSES = ("checked", "secondary", "verify")


# -- trial records ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Arm:
    """One arm: median overall survival (months), patients randomised, OS landmarks (months, S)."""

    name: str
    median_os: float | None
    n: int | None = None
    landmarks: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Trial:
    """A trial's reported numbers, the source of each and their status (see the module docstring)."""

    key: str
    name: str
    setting: str
    treatment: Arm
    control: Arm
    hazard_ratio: float | None
    status: str
    source: str
    confirmed: str
    hr_interval: tuple[float, float] | None = None
    hr_interval_kind: str | None = None
    landmark_source: str | None = None
    other_arms: tuple[Arm, ...] = ()
    notes: str = ""
    unverified: bool = field(default=False, compare=False)  #: set on copies handed out with allow_unverified

    @property
    def implied_hazard_ratio(self) -> float:
        """median_control / median_treatment (the exponential model's HR)."""
        return implied_hazard_ratio(self.treatment.median_os, self.control.median_os)


class UnverifiedTrialError(ValueError):
    """A trial's numbers are not [checked]; pass ``allow_unverified=True`` to use them anyway."""


class UnverifiedTrialWarning(UserWarning):
    """Numbers that are not [checked] are being used."""


_TRIALS = [
    Trial(
        key="melisi2018", name="Galunisertib + gemcitabine vs gemcitabine (phase II)",
        setting="unresectable pancreatic cancer, first line",
        treatment=Arm("galunisertib + gemcitabine", 8.9, 104), control=Arm("placebo + gemcitabine", 7.1, 52),
        hazard_ratio=0.79, hr_interval=(0.59, 1.09), hr_interval_kind="Bayesian credible interval",
        status="checked", source="melisi2018galunisertib",
        confirmed="science-sources.md §5 [checked] (abstract); also data/interventions.csv IV-18",
    ),
    Trial(
        key="combi-d", name="COMBI-d: dabrafenib + trametinib vs dabrafenib (phase III)",
        setting="BRAF V600E/K-mutant metastatic melanoma, first line",
        treatment=Arm("dabrafenib + trametinib", 25.1, 211, landmarks=((36.0, 0.44),)),
        control=Arm("dabrafenib + placebo", 18.7, 212, landmarks=((36.0, 0.32),)),
        hazard_ratio=0.71, status="checked", source="long2015dabrafenib", landmark_source="long2017overall",
        confirmed="science-sources.md §5 [checked]; 3-year OS 44% vs 32% also data/interventions.csv IV-13",
        notes="Medians and HR from the 2015 report, 3-year OS from the 2017 long-term report: two data "
              "cuts. 3-year PFS was 22% vs 12% (long2017overall).",
    ),
    Trial(
        key="keynote-407", name="KEYNOTE-407: pembrolizumab + chemotherapy vs placebo + chemotherapy (phase III)",
        setting="metastatic squamous NSCLC, first line",
        treatment=Arm("pembrolizumab + carboplatin + (nab-)paclitaxel", 15.9, 278),
        control=Arm("placebo + carboplatin + (nab-)paclitaxel", 11.3, 281),
        hazard_ratio=0.64, status="checked", source="pazares2018pembrolizumab",
        confirmed="science-sources.md §5 [checked] (abstract); data/interventions.csv IV-S10, IV-S11",
    ),
    Trial(
        key="core", name="CORE: cilengitide + chemoradiotherapy vs chemoradiotherapy (phase II)",
        setting="newly diagnosed glioblastoma, unmethylated MGMT promoter",
        treatment=Arm("standard-dose cilengitide (2× weekly)", 16.3, 88),
        control=Arm("chemoradiotherapy alone", 13.4, 89),
        other_arms=(Arm("intensive cilengitide (5× weekly, weeks 1–6)", 14.5, 88),),
        hazard_ratio=0.686, hr_interval=(0.484, 0.972), hr_interval_kind="95% CI",
        status="checked", source="nabors2015two",
        confirmed="science-sources.md §5 [checked]; arm sizes 88/88/89 and the HR's 95% CI read in the abstract "
                  "of Nabors et al. 2015 (Neuro Oncol 17:708) in this work; metastasis.integrins.clinic.CORE_MEDIAN_OS_MONTHS",
        notes="HR is standard-dose arm vs control (P = .032); intensive arm vs control HR 0.858 (0.612–1.204).",
    ),
    Trial(
        key="ready", name="READY: dasatinib + docetaxel vs placebo + docetaxel (phase III)",
        setting="chemotherapy-naive metastatic castration-resistant prostate cancer",
        treatment=Arm("dasatinib + docetaxel + prednisone", 21.5, 762),
        control=Arm("placebo + docetaxel + prednisone", 21.2, 760),
        hazard_ratio=0.99, status="checked", source="araujo2013docetaxel",
        confirmed="the trial's ASCO 2013 abstract (LBA8, araujo2013overall) read in this work: median OS 21.5 vs "
                  "21.2 months, HR 0.99, log-rank P = 0.90, 1,522 men (762 vs 760); the Lancet Oncology report "
                  "(araujo2013docetaxel) concludes that dasatinib did not improve OS",
        notes="Dasatinib inhibits Src-family kinases (and BCR-ABL); the trial tested Src inhibition against bone metastasis.",
    ),
    Trial(
        key="command", name="COMMAND: maintenance defactinib vs placebo (phase II)",
        setting="advanced pleural mesothelioma with disease control after first-line chemotherapy",
        treatment=Arm("defactinib (FAK inhibitor)", 12.7, 173),
        control=Arm("placebo", 13.6, 171),
        hazard_ratio=1.0, hr_interval=(0.7, 1.4), hr_interval_kind="95% CI",
        status="checked", source="fennell2019maintenance",
        confirmed="abstract of Fennell et al. 2019 (J Clin Oncol 37:790) read in this work: 344 patients (173 vs "
                  "171), median OS 12.7 vs 13.6 months, HR 1.0 (0.7–1.4); median PFS 4.1 vs 4.0 months",
        notes="Patients were stratified by merlin; merlin-low tumours, predicted to be FAK-dependent, did not benefit either.",
    ),
    Trial(
        key="checkmate-067", name="CheckMate 067, 6.5-year report: nivolumab + ipilimumab vs ipilimumab (phase III)",
        setting="previously untreated unresectable stage III/IV melanoma",
        treatment=Arm("nivolumab + ipilimumab", 72.1, 314), control=Arm("ipilimumab", 19.9, 315),
        other_arms=(Arm("nivolumab", 36.9, 316),),
        hazard_ratio=None, status="checked", source="wolchok2022longterm",
        confirmed="abstract of Wolchok et al. 2022 J Clin Oncol 40:127 (PMC8718224) read: 'Median OS (minimum "
                  "follow-up, 6.5 years) was 72.1, 36.9, and 19.9' months; arm sizes 314/316/315",
        notes="The hazard ratios of this report were not read, so none is stored. The 71.9-month median in "
              "science-sources.md §5 belongs to the 10-year report (key 'checkmate-067-10y'), not this one.",
    ),
    Trial(
        key="checkmate-067-10y", name="CheckMate 067, final 10-year report",
        setting="previously untreated unresectable stage III/IV melanoma",
        treatment=Arm("nivolumab + ipilimumab", 71.9, 314), control=Arm("ipilimumab", 19.9, 315),
        other_arms=(Arm("nivolumab", 36.9, 316),),
        hazard_ratio=0.53, hr_interval=(0.44, 0.65), hr_interval_kind="95% CI",
        status="secondary", source="wolchok2025final",
        confirmed="only in news summaries of Wolchok et al. 2025 N Engl J Med 392:11 (HealthDay via Physicians "
                  "Weekly, 19 Sep 2024; MedPath); the abstract's results were not read",
        notes="Nivolumab vs ipilimumab HR 0.63 (0.52–0.76) in the same summaries.",
    ),
    Trial(
        key="centric", name="CENTRIC: cilengitide + chemoradiotherapy vs chemoradiotherapy (phase III)",
        setting="newly diagnosed glioblastoma, methylated MGMT promoter",
        treatment=Arm("cilengitide + temozolomide chemoradiotherapy", 26.3, 272),
        control=Arm("temozolomide chemoradiotherapy", 26.3, 273),
        hazard_ratio=1.02, status="verify", source="stupp2014cilengitide",
        confirmed="arm sizes 272/273 in an ASCO Post summary of the paper; the medians and HR were not found "
                  "in any abstract or summary searched",
    ),
]
#: The trial records, by key (read-only). Use :func:`get_trial` rather than reading it directly.
TRIALS = MappingProxyType({trial.key: trial for trial in _TRIALS})


def checked_trials() -> tuple[str, ...]:
    """Keys of the trials whose numbers are [checked]: the only ones that may be shown as facts."""
    return tuple(key for key, trial in TRIALS.items() if trial.status == "checked")


def get_trial(key: str, *, allow_unverified: bool = False) -> Trial:
    """The trial record, refusing one that is not [checked] unless ``allow_unverified``.

    With ``allow_unverified=True`` a non-checked record comes back with ``unverified=True`` and an
    :class:`UnverifiedTrialWarning` is issued.
    """
    if not isinstance(key, str) or key not in TRIALS:
        raise KeyError(f"unknown trial {key!r}; known: {', '.join(TRIALS)}")
    trial = TRIALS[key]
    if trial.status == "checked":
        return trial
    if not allow_unverified:
        raise UnverifiedTrialError(
            f"the numbers of {trial.name} are [{trial.status}], not [checked] ({trial.confirmed}); "
            "pass allow_unverified=True to use them as unconfirmed placeholders")
    warnings.warn(f"using [{trial.status}] numbers for {trial.name}: not confirmed from an abstract",
                  UnverifiedTrialWarning, stacklevel=2)
    return replace(trial, unverified=True)


def trial_table(*, include_unverified: bool = False) -> list[dict]:
    """One row per trial: arms, medians, reported and implied HR, status and source.

    Without ``include_unverified`` only [checked] trials appear; with it, every row keeps its status.
    """
    rows = []
    for key, trial in TRIALS.items():
        if trial.status != "checked" and not include_unverified:
            continue
        rows.append({
            "key": key, "trial": trial.name, "status": trial.status, "source": trial.source,
            "treatment": trial.treatment.name, "control": trial.control.name,
            "n_treatment": trial.treatment.n, "n_control": trial.control.n,
            "median_treatment": trial.treatment.median_os, "median_control": trial.control.median_os,
            "reported_hr": trial.hazard_ratio, "implied_hr": trial.implied_hazard_ratio,
        })
    return rows


# -- curves from medians ----------------------------------------------------------------------

def _times(t) -> np.ndarray:
    return inputs.array("time", t, minimum=0)


def _out(x):
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x


def _below_half(name: str, value, hint: str) -> float:
    value = inputs.bounded(name, value, 0.0, 0.5, hint=hint)
    if value >= 0.5:
        raise ValueError(f"{name} must be below 0.5{hint}, got {value}")
    return value


def exponential_rate(median):
    """λ = ln2 / median (per unit of the median's time)."""
    median = inputs.array("median", median, strictly_above=0)
    return _out(_LN2 / median)


def exponential_survival(t, median: float):
    """S(t) = exp(−ln2 · t / median), vectorised in t."""
    t = _times(t)
    median = inputs.positive("median", median)
    return _out(np.exp(-_LN2 * t / median))


def implied_hazard_ratio(median_treatment, median_control):
    """median_control / median_treatment: the hazard ratio two exponential curves imply."""
    mt = inputs.array("treatment median", median_treatment, strictly_above=0)
    mc = inputs.array("control median", median_control, strictly_above=0)
    return _out(mc / mt)


def implied_vs_reported(*, allow_unverified: bool = False) -> list[dict]:
    """For each trial with a reported HR: implied (median ratio) vs reported HR and their ratio."""
    rows = []
    for key, trial in TRIALS.items():
        if trial.status != "checked" and not allow_unverified:
            continue
        if trial.hazard_ratio is None:
            continue
        if trial.status != "checked":
            trial = get_trial(key, allow_unverified=True)
        implied = trial.implied_hazard_ratio
        rows.append({"key": key, "status": trial.status, "implied_hr": implied,
                     "reported_hr": trial.hazard_ratio, "implied_over_reported": implied / trial.hazard_ratio})
    return rows


# -- the cure-fraction model ------------------------------------------------------------------

def cure_fraction_survival(t, cure_fraction: float, rate: float):
    """S(t) = π + (1 − π) e^(−λ t): falls from 1 to the plateau π."""
    t = _times(t)
    pi = inputs.bounded("cure fraction", cure_fraction, 0.0, 1.0, hint=" (a fraction, not a percentage)")
    rate = inputs.positive("rate", rate)
    return _out(pi + (1.0 - pi) * np.exp(-rate * t))


def cure_fraction_hazard(t, cure_fraction: float, rate: float):
    """h(t) = (1 − π) λ e^(−λ t) / S(t); equals λ when π = 0 and falls to 0 when π > 0."""
    t = _times(t)
    pi = inputs.bounded("cure fraction", cure_fraction, 0.0, 1.0, hint=" (a fraction, not a percentage)")
    rate = inputs.positive("rate", rate)
    if pi == 0.0:
        return _out(np.full_like(t, rate))
    tail = (1.0 - pi) * np.exp(-rate * t)
    return _out(rate * tail / (pi + tail))


def cure_fraction_median(cure_fraction: float, rate: float) -> float:
    """The time at which S = 1/2: −ln((1/2 − π)/(1 − π)) / λ, or inf when π ≥ 1/2."""
    pi = inputs.bounded("cure fraction", cure_fraction, 0.0, 1.0, hint=" (a fraction, not a percentage)")
    rate = inputs.positive("rate", rate)
    if pi >= 0.5:
        return float("inf")
    return float(-np.log((0.5 - pi) / (1.0 - pi)) / rate)


def rate_for_median(median: float, cure_fraction: float) -> float:
    """The λ for which a cure-fraction curve with plateau π has the given median (π < 1/2)."""
    median = inputs.positive("median", median)
    pi = _below_half("cure fraction", cure_fraction, " (the median is infinite otherwise)")
    return float(-np.log((0.5 - pi) / (1.0 - pi)) / median)


def fit_cure_fraction(t1: float, s1: float, t2: float, s2: float) -> tuple[float, float]:
    """The (π, λ) of the cure-fraction curve through (t1, s1) and (t2, s2), with t1 < t2 and s1 > s2.

    E.g. a median (t1 = median, s1 = 0.5) and a landmark (t2 = 36 months, s2 = 3-year OS). The
    plateau solves ln((s2 − π)/(1 − π)) / ln((s1 − π)/(1 − π)) = t2 / t1 on 0 ≤ π < s2. If even
    π = 0 makes the curve fall too slowly (ln s2 / ln s1 ≥ t2 / t1), the points show no plateau and
    a ValueError is raised.
    """
    t1 = inputs.positive("first time", t1)
    t2 = inputs.positive("second time", t2)
    s1 = inputs.bounded("first survival", s1, 0.0, 1.0, strict=True, hint=" (a fraction, not a percentage)")
    s2 = inputs.bounded("second survival", s2, 0.0, 1.0, strict=True, hint=" (a fraction, not a percentage)")
    if not t2 > t1:
        raise ValueError(f"second time ({t2:g}) must be later than the first ({t1:g})")
    if not s2 < s1:
        raise ValueError(f"second survival ({s2:g}) must be below the first ({s1:g})")
    target = t2 / t1

    def mismatch(pi):
        return np.log((s2 - pi) / (1 - pi)) / np.log((s1 - pi) / (1 - pi)) - target

    if mismatch(0.0) >= 0.0:
        if np.isclose(mismatch(0.0), 0.0, atol=1e-12):
            return 0.0, float(-np.log(s1) / t1)
        raise ValueError(
            f"no cure fraction ≥ 0 fits S({t1:g}) = {s1:g} and S({t2:g}) = {s2:g}: survival falls faster than "
            "exponential between them, so these points show no plateau")
    from scipy import optimize

    upper = s2 * (1 - 1e-12)
    pi = optimize.brentq(mismatch, 0.0, upper, xtol=1e-14, rtol=1e-14, maxiter=500)
    rate = -np.log((s1 - pi) / (1 - pi)) / t1
    return float(pi), float(rate)


def hazard_ratio_over_time(t, treatment: tuple[float, float], control: tuple[float, float]):
    """h_T(t) / h_C(t) for two cure-fraction curves given as (π, λ). Constant only if both π = 0."""
    t = _times(t)
    if not (isinstance(treatment, (tuple, list)) and len(treatment) == 2):
        raise TypeError(f"treatment must be a (cure fraction, rate) pair, got {treatment!r}")
    if not (isinstance(control, (tuple, list)) and len(control) == 2):
        raise TypeError(f"control must be a (cure fraction, rate) pair, got {control!r}")
    h_t = np.asarray(cure_fraction_hazard(t, *treatment), dtype=float)
    h_c = np.asarray(cure_fraction_hazard(t, *control), dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(h_t / h_c)


# -- synthetic cohorts, Kaplan–Meier, log-rank ------------------------------------------------

def _count(name: str, value, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def _rng(seed) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or (isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and seed >= 0):
        return np.random.default_rng(seed)
    raise TypeError(f"seed must be a non-negative whole number, None or a numpy Generator, got {seed!r}")


@dataclass(frozen=True)
class Cohort:
    """Observed times (months) and whether each ended in an event (True) or was censored (False)."""

    time: np.ndarray
    event: np.ndarray

    @property
    def n(self) -> int:
        return int(self.time.size)

    @property
    def events(self) -> int:
        return int(self.event.sum())

    def censored(self) -> stats.CensoredData:
        """The cohort as ``scipy.stats.CensoredData`` (right-censored)."""
        from scipy import stats

        return stats.CensoredData.right_censored(self.time, ~self.event)


def simulate_cohort(n: int, median: float | None = None, *, cure_fraction: float = 0.0, rate: float | None = None,
                    accrual: float = 24.0, follow_up: float = 24.0, seed=None) -> Cohort:
    """``n`` patients from the exponential (π = 0) or cure-fraction model, administratively censored.

    Give the population ``median`` (π < 1/2; λ is then :func:`rate_for_median`) or the ``rate`` λ.
    Each patient is cured with probability π (never has the event); the others have an exponential
    time with rate λ. Entry is uniform over ``accrual`` months and the analysis comes ``follow_up``
    months after accrual ends, so censoring times are uniform on [follow_up, accrual + follow_up].
    ``seed`` is an integer, None or a ``numpy.random.Generator`` (then used as is).
    """
    n = _count("number of patients", n)
    pi = inputs.bounded("cure fraction", cure_fraction, 0.0, 1.0, strict=False, hint=" (a fraction, not a percentage)")
    if pi >= 1.0:
        raise ValueError("cure fraction must be below 1: nobody would ever have an event")
    if (median is None) == (rate is None):
        raise ValueError("give exactly one of median and rate")
    lam = rate_for_median(median, pi) if median is not None else inputs.positive("rate", rate)
    accrual = inputs.bounded("accrual", accrual, 0.0, np.inf)
    follow_up = inputs.positive("follow-up", follow_up)
    rng = _rng(seed)
    event_time = rng.exponential(1.0 / lam, size=n)
    if pi > 0:
        event_time = np.where(rng.random(n) < pi, np.inf, event_time)
    censor_time = follow_up + accrual * rng.random(n)
    observed = np.minimum(event_time, censor_time)
    return Cohort(time=observed, event=event_time <= censor_time)


@dataclass(frozen=True)
class KaplanMeier:
    """A Kaplan–Meier estimate: S at each distinct time, its pointwise CI and the median with its CI.

    Medians that are not reached are ``nan``. Under the log-log method the CI is undefined where
    S = 0 (``nan`` there).
    """

    time: np.ndarray
    survival: np.ndarray
    low: np.ndarray
    high: np.ndarray
    median: float
    median_low: float
    median_high: float
    confidence_level: float

    def at(self, t):
        """S at times ``t`` (a right-continuous step function; 1 before the first time)."""
        t = _times(t)
        idx = np.searchsorted(self.time, t, side="right") - 1
        return _out(np.where(idx >= 0, self.survival[np.maximum(idx, 0)], 1.0))


def _first_at_or_below(times, values, level=0.5) -> float:
    hit = np.flatnonzero(values <= level)
    return float(times[hit[0]]) if hit.size else float("nan")


def kaplan_meier(cohort: Cohort, confidence_level: float = 0.95, method: str = "log-log") -> KaplanMeier:
    """Kaplan–Meier survival of a cohort via ``scipy.stats.ecdf`` (CI ``method`` "log-log" or "linear").

    The median is the first time S ≤ 1/2; its interval is read off the pointwise band (first times
    the lower and the upper band reach 1/2).
    """
    if not isinstance(cohort, Cohort):
        raise TypeError(f"cohort must be a Cohort (see simulate_cohort), got {type(cohort).__name__}")
    level = inputs.bounded("confidence level", confidence_level, 0.0, 1.0, strict=True)
    if method not in ("log-log", "linear"):
        raise ValueError(f"method must be 'log-log' or 'linear', got {method!r}")
    if cohort.events == 0:
        raise ValueError("the cohort has no events: there is no Kaplan–Meier step to estimate")
    from scipy import stats

    sf = stats.ecdf(cohort.censored()).sf
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The confidence interval is undefined", category=RuntimeWarning)
        ci = sf.confidence_interval(level, method=method)
    time_, surv = sf.quantiles, sf.probabilities
    low, high = ci.low.probabilities, ci.high.probabilities
    return KaplanMeier(time=time_, survival=surv, low=low, high=high,
                       median=_first_at_or_below(time_, surv), median_low=_first_at_or_below(time_, low),
                       median_high=_first_at_or_below(time_, high), confidence_level=level)


def logrank(a: Cohort, b: Cohort, alternative: str = "two-sided"):
    """The log-rank test of two cohorts: ``scipy.stats.logrank`` (statistic, pvalue)."""
    for name, cohort in (("first cohort", a), ("second cohort", b)):
        if not isinstance(cohort, Cohort):
            raise TypeError(f"{name} must be a Cohort, got {type(cohort).__name__}")
    if alternative not in ("two-sided", "less", "greater"):
        raise ValueError(f"alternative must be 'two-sided', 'less' or 'greater', got {alternative!r}")
    from scipy import stats

    return stats.logrank(a.censored(), b.censored(), alternative=alternative)


def simulate_trial(n_per_arm: int, median_control: float, hazard_ratio: float, *, accrual: float = 24.0,
                   follow_up: float = 24.0, seed=None) -> dict:
    """A two-arm exponential trial with a true hazard ratio: cohorts, their KM medians and the log-rank p.

    The treatment arm's median is median_control / hazard_ratio (proportional hazards).
    """
    n = _count("patients per arm", n_per_arm)
    median_control = inputs.positive("control median", median_control)
    hr = inputs.positive("hazard ratio", hazard_ratio)
    rng = _rng(seed)
    control = simulate_cohort(n, median_control, accrual=accrual, follow_up=follow_up, seed=rng)
    treatment = simulate_cohort(n, median_control / hr, accrual=accrual, follow_up=follow_up, seed=rng)
    test = logrank(treatment, control)
    return {"control": control, "treatment": treatment, "statistic": float(test.statistic),
            "pvalue": float(test.pvalue)}


def _two_phase_rates(median_control: float, hr_before: float, hr_after: float, change_time: float):
    median_control = inputs.positive("control median", median_control)
    hr_before = inputs.positive("hazard ratio before the change", hr_before)
    hr_after = inputs.positive("hazard ratio after the change", hr_after)
    change_time = inputs.positive("change time", change_time)
    lam = _LN2 / median_control
    return lam * hr_before, lam * hr_after, change_time


def two_phase_survival(t, median_control: float, hr_before: float, hr_after: float, change_time: float):
    """S(t) of the two-phase treatment arm: hazard hr_before·λ until ``change_time``, hr_after·λ after.

    λ = ln2 / median_control is the control arm's (exponential) hazard; S = exp(−Λ(t)) with the
    piecewise-linear cumulative hazard Λ.
    """
    t = _times(t)
    l1, l2, tau = _two_phase_rates(median_control, hr_before, hr_after, change_time)
    cumulative = np.where(t < tau, l1 * t, l1 * tau + l2 * (t - tau))
    return _out(np.exp(-cumulative))


def simulate_two_phase_cohort(n: int, median_control: float, hr_before: float, hr_after: float,
                              change_time: float, *, accrual: float = 24.0, follow_up: float = 24.0,
                              seed=None) -> Cohort:
    """``n`` patients from :func:`two_phase_survival`, censored as in :func:`simulate_cohort`.

    Exact sampling: an Exp(1) draw E is the cumulative hazard at the event, so the event time is
    E / λ₁ if E < λ₁τ and τ + (E − λ₁τ) / λ₂ otherwise.
    """
    n = _count("number of patients", n)
    l1, l2, tau = _two_phase_rates(median_control, hr_before, hr_after, change_time)
    accrual = inputs.bounded("accrual", accrual, 0.0, np.inf)
    follow_up = inputs.positive("follow-up", follow_up)
    rng = _rng(seed)
    e = rng.exponential(1.0, size=n)
    event_time = np.where(e < l1 * tau, e / l1, tau + (e - l1 * tau) / l2)
    censor_time = follow_up + accrual * rng.random(n)
    return Cohort(time=np.minimum(event_time, censor_time), event=event_time <= censor_time)


def simulate_two_phase_trial(n_per_arm: int, median_control: float, hr_before: float, hr_after: float,
                             change_time: float, *, accrual: float = 24.0, follow_up: float = 24.0,
                             seed=None) -> dict:
    """A two-arm trial whose treatment effect changes at ``change_time``: cohorts and the log-rank p.

    The control arm is exponential with ``median_control``; the treatment arm follows
    :func:`two_phase_survival`. Useful to see an average hazard ratio hide a transient effect.
    """
    n = _count("patients per arm", n_per_arm)
    rng = _rng(seed)
    control = simulate_cohort(n, median_control, accrual=accrual, follow_up=follow_up, seed=rng)
    treatment = simulate_two_phase_cohort(n, median_control, hr_before, hr_after, change_time,
                                          accrual=accrual, follow_up=follow_up, seed=rng)
    test = logrank(treatment, control)
    return {"control": control, "treatment": treatment, "statistic": float(test.statistic),
            "pvalue": float(test.pvalue)}


def logrank_rejection_rate(n_per_arm: int, hazard_ratio: float, n_trials: int = 200, *, alpha: float = 0.05,
                           median_control: float = 12.0, accrual: float = 24.0, follow_up: float = 24.0,
                           seed=0) -> dict:
    """Share of ``n_trials`` seeded simulated trials with log-rank p < ``alpha``, and the p-values.

    With hazard_ratio = 1 this is the test's size (near ``alpha``); otherwise its power.
    """
    n_trials = _count("number of trials", n_trials)
    alpha = inputs.bounded("alpha", alpha, 0.0, 1.0, strict=True)
    rng = _rng(seed)
    p = np.array([simulate_trial(n_per_arm, median_control, hazard_ratio, accrual=accrual,
                                 follow_up=follow_up, seed=rng)["pvalue"] for _ in range(n_trials)])
    return {"rate": float(np.mean(p < alpha)), "pvalues": p}


# -- the explorer model -----------------------------------------------------------------------

MODELS = ("exponential", "cure-fraction")


def trial_explorer_model(trial: str, model: str = "exponential", cure_fraction: float | str | None = None, *,
                         t_max: float | None = None, n_points: int = 241, allow_unverified: bool = False) -> dict:
    """Curves for a trial's arms under a model, with implied vs reported hazard ratio.

    ``model="exponential"``: each arm's curve from its median; the implied HR is constant.
    ``model="cure-fraction"``: ``cure_fraction`` is either a number π < 1/2 shared by both arms
    (each λ then reproduces its arm's median) or ``"fit"``, which fits π and λ per arm to the
    median and the arm's landmark (only trials with landmarks, e.g. COMBI-d). The implied HR is then
    a function of time; the result also gives it at t = 0 and the ratio of cumulative hazards at
    ``t_max`` (ln S_T / ln S_C).
    Non-[checked] trials are refused unless ``allow_unverified`` (then flagged in the result).
    """
    record = get_trial(trial, allow_unverified=allow_unverified)
    if model not in MODELS:
        raise ValueError(f"model must be one of {', '.join(map(repr, MODELS))}; got {model!r}")
    n_points = _count("number of points", n_points, minimum=2)
    arms = (record.treatment, record.control) + record.other_arms
    if any(arm.median_os is None for arm in arms):
        raise ValueError(f"{record.name} lacks a median for some arm")
    if t_max is None:
        t_max = 3.0 * max(arm.median_os for arm in arms)
    t_max = inputs.positive("maximum time", t_max)
    t = np.linspace(0.0, t_max, n_points)

    params: dict[str, tuple[float, float]] = {}
    if model == "exponential":
        if cure_fraction not in (None, 0, 0.0):
            raise ValueError("cure fraction applies to the cure-fraction model only")
        for arm in arms:
            params[arm.name] = (0.0, float(_LN2 / arm.median_os))
    elif cure_fraction == "fit":
        for arm in arms:
            if not arm.landmarks:
                raise ValueError(f"cannot fit a cure fraction for {arm.name!r}: the record has no landmark survival")
            t2, s2 = arm.landmarks[0]
            params[arm.name] = fit_cure_fraction(arm.median_os, 0.5, t2, s2)
    else:
        if cure_fraction is None:
            raise ValueError("the cure-fraction model needs a cure fraction (a number below 0.5, or 'fit')")
        pi = _below_half("cure fraction", cure_fraction, " (the median is infinite otherwise)")
        for arm in arms:
            params[arm.name] = (pi, rate_for_median(arm.median_os, pi))

    survival = {name: np.asarray(cure_fraction_survival(t, *p)) for name, p in params.items()}
    treat, ctrl = params[record.treatment.name], params[record.control.name]
    hr_t = np.asarray(hazard_ratio_over_time(t, treat, ctrl))
    s_t_end, s_c_end = survival[record.treatment.name][-1], survival[record.control.name][-1]
    return {
        "t": t,
        "survival": survival,
        "parameters": params,
        "hazard_ratio_over_time": hr_t,
        "implied_hr_at_start": float(hr_t[0]),
        "cumulative_hr_at_end": float(np.log(s_t_end) / np.log(s_c_end)),
        "median_ratio_hr": record.implied_hazard_ratio,
        "reported_hr": record.hazard_ratio,
        "status": record.status,
        "unverified": record.unverified,
        "source": record.source,
        "trial": record.name,
        "arms": [arm.name for arm in arms],
        "treatment": record.treatment.name,
        "control": record.control.name,
    }
