"""Tumour–immune dynamics: dormancy, escape and the effector-inactivation rate (Kuznetsov et al. 1994).

Kuznetsov, Makalkin, Taylor & Perelson (1994, ``kuznetsov1994nonlinear``; BioModels
BIOMD0000000762, ``biomodels2019kuznetsov``) describe cytotoxic effector cells E and tumour cells
T (both in cells) by

    dE/dt = s + p·E·T/(g + T) − m·E·T − d·E
    dT/dt = a·T·(1 − b·T) − n·E·T

- s: influx of effector cells that does not depend on the tumour;
- p·T/(g + T): recruitment/proliferation of effectors stimulated by the tumour (saturating);
- m·E·T: effectors *inactivated* by their encounters with tumour cells;
- d·E: effector death;
- a·T·(1 − b·T): logistic tumour growth to a capacity 1/b = 5 × 10⁸ cells;
- n·E·T: tumour cells killed by effectors.

Nullclines. dT/dt = 0 on the E axis (T = 0) and on the line E = a(1 − bT)/n; dE/dt = 0 on
E = s / (d + mT − pT/(g + T)) wherever that denominator is positive. Substituting the line into
dE/dt = 0 and multiplying by n(g + T) > 0 gives a cubic in T whose real roots with
0 < T < 1/b are the tumour-bearing equilibria:

    a·b·m·T³ − a·(m + b(p − mg − d))·T² + (a(p − mg − d + bdg) + s·n)·T + g·(s·n − a·d) = 0.

The tumour-free equilibrium (E, T) = (s/d, 0) is always there. :func:`fixed_points` finds all of
them from this algebra (nothing typed in) and classifies each by the eigenvalues of its Jacobian.

Dimensionless form (the paper's scaling, re-derived here): with x = E/E₀, y = T/T₀,
E₀ = T₀ = 10⁶ cells and τ = n·T₀·t,

    dx/dτ = σ + ρxy/(η + y) − μxy − δx,      dy/dτ = αy(1 − βy) − xy,

    σ = s/(n E₀ T₀), ρ = p/(n T₀), η = g/T₀, μ = m/n, δ = d/(n T₀), α = a/(n T₀), β = b T₀,

and one unit of τ is 1/(n T₀) ≈ 9.08 days. :func:`dimensionless` computes the groups;
:data:`PUBLISHED_DIMENSIONLESS` holds the values as the literature reproduces them.

Numbers and their status:

- the eight dimensional parameters (:class:`Parameters` defaults) are those of the curated SBML
  model BIOMD0000000762 (fitted by the authors to BCL₁ B-cell lymphoma in the spleens of chimeric
  mice) [checked: compared with the SBML's parameter list as exported by SBFC; the paper itself
  has not been read];
- :data:`PUBLISHED_DIMENSIONLESS` (σ = 0.1181, ρ = 1.131, η = 20.19, μ = 0.00311, δ = 0.3743,
  α = 1.636, β = 0.002) [secondary: identical in several independent public implementations of
  the paper; not read in the paper]. Re-derived from the BioModels values, five of the seven agree
  to the printed digits; δ (0.37421 → 0.3742) and α (1.63488 → 1.635) differ by one unit in the
  last printed digit (≤ 0.07 %), which no single choice of n removes. The two sets describe the
  same dynamics to within 0.1 % in the equilibria (see the tests).

Assumptions and limits: E is one lumped effector population (no CD4/CD8, NK or regulatory
cells, no memory); the tumour is well mixed (no spatial structure, no infiltration gradient);
inactivation is mass action in E·T; every parameter is a constant fitted to one mouse lymphoma.
Lowering m is at best a crude proxy for checkpoint blockade: in the model m lumps every way a
tumour cell disables an effector that meets it, whereas PD-1/PD-L1 blockade acts on exhaustion
over days and on effector function, and also changes kill (n) and expansion (p).

Numerics: trajectories are integrated in log variables (ln E, ln T), which keeps both positive
and makes the scales (T from 1 to 5 × 10⁸) comparable. :func:`trajectory` uses SciPy's LSODA;
:func:`explorer_model` uses a small pure-Python Dormand–Prince 5(4) integrator (checked against
LSODA and Radau by the tests) because one ``solve_ivp`` call costs milliseconds in overhead
alone, and because it needs no SciPy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from functools import lru_cache

import numpy as np

from . import inputs

# SciPy is imported inside the functions that need it (trajectory, escapes, basin_boundary,
# saddle_nodes): it is in the build/test environment but not (yet) in the learner's, and the
# explorer path (fixed points, nullclines, fast_trajectory, explorer_model) needs only NumPy.

__all__ = [
    "Parameters",
    "PUBLISHED",
    "PUBLISHED_DIMENSIONLESS",
    "E_SCALE",
    "T_SCALE",
    "PARAMETER_INFO",
    "FixedPoint",
    "Trajectory",
    "Separatrix",
    "SaddleNode",
    "rhs",
    "rhs_log",
    "jacobian",
    "nullclines",
    "equilibrium_cubic",
    "discriminant",
    "fixed_points",
    "classify",
    "dimensionless",
    "trajectory",
    "fast_trajectory",
    "basin_boundary",
    "escapes",
    "escape_threshold_T0",
    "saddle_nodes",
    "critical_m",
    "explorer_model",
]

#: The paper's scales for the dimensionless form: E₀ = T₀ = 10⁶ cells.
E_SCALE = 1.0e6
T_SCALE = 1.0e6

#: Units, meaning and source of every parameter.
PARAMETER_INFO: dict[str, tuple[str, str]] = {
    "s": ("cells/day", "tumour-independent influx of effector cells"),
    "p": ("1/day", "maximal tumour-stimulated effector recruitment rate"),
    "g": ("cells", "tumour size giving half-maximal recruitment"),
    "m": ("1/(cell·day)", "inactivation of effectors by tumour cells"),
    "d": ("1/day", "effector death rate"),
    "a": ("1/day", "maximal tumour growth rate"),
    "b": ("1/cell", "inverse tumour carrying capacity"),
    "n": ("1/(cell·day)", "killing of tumour cells by effectors"),
}
_SOURCE = "BioModels BIOMD0000000762 (Kuznetsov et al. 1994) [checked]"

#: The dimensionless groups as published (Kuznetsov et al. 1994, as reproduced in the literature).
#: [secondary: not read in the paper itself]
PUBLISHED_DIMENSIONLESS: dict[str, float] = {
    "sigma": 0.1181, "rho": 1.131, "eta": 20.19, "mu": 0.00311,
    "delta": 0.3743, "alpha": 1.636, "beta": 2.0e-3,
}

#: Relative tolerance on the imaginary part for a root of the cubic to count as real.
_REAL_TOL = 1e-8


@dataclass(frozen=True)
class Parameters:
    """The eight parameters of the model; defaults from BioModels BIOMD0000000762 [checked].

    All must be positive and finite, except the inactivation rate ``m``, which may be 0.
    Use :meth:`replace` to change some of them (unknown names raise ``TypeError``).
    """

    s: float = 1.3e4        # cells/day
    p: float = 0.1245       # 1/day
    g: float = 2.019e7      # cells
    m: float = 3.422e-10    # 1/(cell·day)
    d: float = 0.0412       # 1/day
    a: float = 0.18         # 1/day
    b: float = 2.0e-9       # 1/cell
    n: float = 1.101e-7     # 1/(cell·day)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "m":
                value = inputs.number("m (effector inactivation rate)", value)
                if value < 0:
                    raise ValueError(f"m (effector inactivation rate) cannot be negative, got {value}")
            else:
                value = inputs.positive(f"{f.name} ({PARAMETER_INFO[f.name][1]})", value)
            object.__setattr__(self, f.name, value)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def replace(self, **changes) -> "Parameters":
        """A copy with some parameters changed; an unknown name raises ``TypeError``."""
        unknown = sorted(set(changes) - set(self.names()))
        if unknown:
            raise TypeError(f"unknown parameter name(s) {unknown}; the parameters are {list(self.names())}")
        values = {name: getattr(self, name) for name in self.names()}
        values.update(changes)
        return Parameters(**values)

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in self.names()}

    def astuple(self) -> tuple[float, ...]:
        return tuple(getattr(self, name) for name in self.names())

    @property
    def capacity(self) -> float:
        """The tumour's carrying capacity 1/b (cells)."""
        return 1.0 / self.b

    @classmethod
    def from_dimensionless(cls, groups: dict, n: float, E0: float = E_SCALE, T0: float = T_SCALE) -> "Parameters":
        """Dimensional parameters from the seven groups; the time unit needs the kill rate ``n``."""
        needed = ("sigma", "rho", "eta", "mu", "delta", "alpha", "beta")
        missing = [k for k in needed if k not in groups]
        unknown = sorted(set(groups) - set(needed))
        if missing or unknown:
            raise TypeError(f"dimensionless groups must be exactly {list(needed)}; missing {missing}, unknown {unknown}")
        n = inputs.positive("n", n)
        E0 = inputs.positive("E0 (effector scale)", E0)
        T0 = inputs.positive("T0 (tumour scale)", T0)
        gr = {k: inputs.number(k, groups[k]) for k in needed}
        return cls(s=gr["sigma"] * n * E0 * T0, p=gr["rho"] * n * T0, g=gr["eta"] * T0, m=gr["mu"] * n,
                   d=gr["delta"] * n * T0, a=gr["alpha"] * n * T0, b=gr["beta"] / T0, n=n)


#: The published parameter set.
PUBLISHED = Parameters()


def _params(params) -> Parameters:
    if not isinstance(params, Parameters):
        raise TypeError(f"params must be a tumour_immune.Parameters, got {type(params).__name__}")
    return params


def dimensionless(params: Parameters = PUBLISHED, E0: float = E_SCALE, T0: float = T_SCALE) -> dict[str, float]:
    """The paper's seven dimensionless groups, plus ``time_unit_days`` = 1/(n T₀)."""
    P = _params(params)
    E0 = inputs.positive("E0 (effector scale)", E0)
    T0 = inputs.positive("T0 (tumour scale)", T0)
    nT0 = P.n * T0
    return {
        "sigma": P.s / (P.n * E0 * T0),
        "rho": P.p / nT0,
        "eta": P.g / T0,
        "mu": P.m / P.n,
        "delta": P.d / nT0,
        "alpha": P.a / nT0,
        "beta": P.b * T0,
        "time_unit_days": 1.0 / nT0,
    }


# -- the vector field -------------------------------------------------------------------------

def rhs(E, T, params: Parameters = PUBLISHED):
    """(dE/dt, dT/dt) in cells/day; ``E`` and ``T`` broadcast (numbers or arrays)."""
    P = _params(params)
    E = np.asarray(E, dtype=float)
    T = np.asarray(T, dtype=float)
    dE = P.s + P.p * E * T / (P.g + T) - P.m * E * T - P.d * E
    dT = P.a * T * (1.0 - P.b * T) - P.n * E * T
    return dE, dT


def rhs_log(u, v, params: Parameters = PUBLISHED):
    """(d ln E/dt, d ln T/dt) as functions of u = ln E, v = ln T (vectorised)."""
    P = _params(params)
    E = np.exp(np.asarray(u, dtype=float))
    T = np.exp(np.asarray(v, dtype=float))
    du = P.s / E + P.p * T / (P.g + T) - P.m * T - P.d
    dv = P.a * (1.0 - P.b * T) - P.n * E
    return du, dv


def jacobian(E: float, T: float, params: Parameters = PUBLISHED) -> np.ndarray:
    """The 2×2 Jacobian ∂(dE/dt, dT/dt)/∂(E, T) at one point."""
    P = _params(params)
    return np.array([
        [P.p * T / (P.g + T) - P.m * T - P.d, P.p * E * P.g / (P.g + T) ** 2 - P.m * E],
        [-P.n * T, P.a - 2.0 * P.a * P.b * T - P.n * E],
    ])


def nullclines(params: Parameters = PUBLISHED, T=None, num: int = 400) -> dict:
    """The nullclines as arrays over T (default: 0 and ``num`` points log-spaced from 10⁴ to 1/b).

    Returns a dict with
    ``T``; ``E_nullcline``: E on dE/dt = 0, i.e. s/(d + mT − pT/(g+T)) (NaN where that has no
    positive solution); ``T_nullcline``: E on the non-trivial dT/dt = 0 branch, a(1 − bT)/n
    (NaN where negative, T > 1/b); and ``T_axis``: the other dT/dt = 0 branch, T = 0, given as
    a dict of ``T`` (zeros) and ``E`` (a span of E) for plotting.
    """
    P = _params(params)
    if T is None:
        T = np.concatenate([[0.0], np.geomspace(1e4, P.capacity, int(num))])
    else:
        T = inputs.array("T", T, minimum=0, allow_empty=False)
    denom = P.d + P.m * T - P.p * T / (P.g + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        E_null = np.where(denom > 0, P.s / np.where(denom > 0, denom, 1.0), np.nan)
    line = P.a * (1.0 - P.b * T) / P.n
    line = np.where(line >= 0, line, np.nan)
    span = np.geomspace(1e3, 1e8, 50)
    return {"T": T, "E_nullcline": E_null, "T_nullcline": line, "T_axis": {"T": np.zeros_like(span), "E": span}}


# -- equilibria -------------------------------------------------------------------------------

def equilibrium_cubic(params: Parameters = PUBLISHED, scale: float = T_SCALE) -> np.ndarray:
    """Coefficients (highest power first) of the equilibrium polynomial in y = T/scale.

    Its real roots with 0 < T < 1/b are the tumour-bearing equilibria (see the module docstring).
    """
    P = _params(params)
    s, p, g, m, d, a, b, n = P.astuple()
    c3 = a * b * m
    c2 = -a * (m + b * (p - m * g - d))
    c1 = a * (p - m * g - d + b * d * g) + s * n
    c0 = g * (s * n - a * d)
    return np.array([c3 * scale ** 3, c2 * scale ** 2, c1 * scale, c0])


def discriminant(params: Parameters = PUBLISHED) -> float:
    """Discriminant of :func:`equilibrium_cubic` (T in units of 10⁶ cells; positive: 3 real roots)."""
    A, B, C, D = equilibrium_cubic(params)
    return float(18 * A * B * C * D - 4 * B ** 3 * D + B ** 2 * C ** 2 - 4 * A * C ** 3 - 27 * A ** 2 * D ** 2)


def classify(eigenvalues, scale: float = 1.0) -> str:
    """Stability label from a 2×2 Jacobian's eigenvalues.

    ``"saddle"``, ``"stable node"``, ``"stable focus"``, ``"unstable node"``, ``"unstable focus"``
    or ``"non-hyperbolic"`` (a real part within 1e-9·``scale`` of zero).
    """
    lam = np.asarray(eigenvalues, dtype=complex)
    tol = 1e-9 * max(scale, float(np.max(np.abs(lam))), 1e-300)
    re = lam.real
    if np.any(np.abs(re) <= tol):
        return "non-hyperbolic"
    complex_pair = bool(np.any(np.abs(lam.imag) > tol))
    if re[0] * re[1] < 0:
        return "saddle"
    kind = "focus" if complex_pair else "node"
    return f"stable {kind}" if np.all(re < 0) else f"unstable {kind}"


@dataclass(frozen=True)
class FixedPoint:
    """An equilibrium with its Jacobian (in E, T), eigen-decomposition and labels.

    ``role`` is ``"tumour-free"`` (T = 0), ``"saddle"``, ``"dormant"`` or ``"escape"`` (stable,
    below or above the saddle's T; with no saddle, below or above half the capacity 1/(2b)),
    or ``"unstable"``.
    """

    E: float
    T: float
    jacobian: np.ndarray = field(repr=False)
    eigenvalues: np.ndarray
    eigenvectors: np.ndarray = field(repr=False)
    stability: str
    role: str

    @property
    def stable(self) -> bool:
        return self.stability.startswith("stable")

    def as_dict(self) -> dict:
        return {"E": self.E, "T": self.T, "eigenvalues": self.eigenvalues.tolist(),
                "stability": self.stability, "role": self.role}


def _log_jacobian(E: float, T: float, P: Parameters) -> np.ndarray:
    """Jacobian in (ln E, ln T): J_ij · x_j / x_i (same eigenvalues, well-scaled eigenvectors)."""
    J = jacobian(E, T, P)
    return J * np.array([[1.0, T / E], [E / T, 1.0]])


@lru_cache(maxsize=512)
def _fixed_points_cached(values: tuple) -> tuple:
    P = Parameters(*values)
    coeffs = equilibrium_cubic(P)
    nz = np.flatnonzero(coeffs != 0)
    coeffs = coeffs[nz[0]:] if nz.size else coeffs
    roots = np.roots(coeffs) if coeffs.size > 1 else np.array([])
    Ts = []
    for z in roots:
        if abs(z.imag) > _REAL_TOL * max(abs(z), 1.0):
            continue
        y = z.real
        dcoef = np.polyder(coeffs)
        for _ in range(3):  # polish
            slope = np.polyval(dcoef, y)
            if slope == 0:
                break
            y -= np.polyval(coeffs, y) / slope
        T = y * T_SCALE
        if 0 < T < P.capacity:
            Ts.append(T)
    Ts = sorted(set(Ts))
    points = [(P.s / P.d, 0.0)] + [(P.a * (1.0 - P.b * T) / P.n, T) for T in Ts]
    raw = []
    for E, T in points:
        J = jacobian(E, T, P)
        lam, vec = np.linalg.eig(J)
        order = np.argsort(lam.real)
        lam, vec = lam[order], vec[:, order]
        label = classify(lam, scale=float(np.max(np.abs(_log_jacobian(E, T, P)))) if T > 0 else float(np.max(np.abs(J))))
        raw.append((E, T, J, lam, vec, label))
    saddles = [T for E, T, J, lam, vec, lab in raw if T > 0 and lab == "saddle"]
    out = []
    for E, T, J, lam, vec, label in raw:
        if T == 0:
            role = "tumour-free"
        elif label == "saddle":
            role = "saddle"
        elif label.startswith("stable"):
            ref = saddles[0] if saddles else 0.5 * P.capacity
            role = "dormant" if T < ref else "escape"
        else:
            role = "unstable"
        out.append(FixedPoint(E=float(E), T=float(T), jacobian=J, eigenvalues=lam, eigenvectors=vec,
                              stability=label, role=role))
    return tuple(out)


def fixed_points(params: Parameters = PUBLISHED) -> list[FixedPoint]:
    """Every equilibrium, ordered by T: the tumour-free one first, then the roots of the cubic.

    Tumour-bearing equilibria are the real roots of :func:`equilibrium_cubic` with 0 < T < 1/b
    (so E = a(1 − bT)/n > 0), found with ``numpy.roots`` and polished by Newton's method.
    """
    return list(_fixed_points_cached(_params(params).astuple()))


def _by_role(points, role):
    return [fp for fp in points if fp.role == role]


# -- integration ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Trajectory:
    """Times (days) and cell numbers along a solution."""

    t: np.ndarray
    E: np.ndarray
    T: np.ndarray
    method: str

    def as_dict(self) -> dict:
        return {"t": self.t, "E": self.E, "T": self.T}


def _initial(E0, T0) -> tuple[float, float]:
    E0 = inputs.positive("E0 (initial effector cells)", E0)
    T0 = inputs.positive("T0 (initial tumour cells)", T0, hint=" (a tumour needs at least some cells)")
    return E0, T0


def _log_field(P: Parameters, sign: float = 1.0):
    s, p, g, m, d, a, b, n = P.astuple()

    def f(t, y):
        E = math.exp(y[0])
        T = math.exp(y[1])
        return [sign * (s / E + p * T / (g + T) - m * T - d), sign * (a * (1.0 - b * T) - n * E)]

    return f


def trajectory(E0: float, T0: float, days: float, params: Parameters = PUBLISHED, *, num: int = 501,
               method: str = "LSODA", rtol: float = 1e-9, atol: float = 1e-11) -> Trajectory:
    """Integrate from (E0, T0) for ``days`` with SciPy (in ln E, ln T), sampled at ``num`` times."""
    from scipy.integrate import solve_ivp

    P = _params(params)
    E0, T0 = _initial(E0, T0)
    days = inputs.positive("days", days)
    if method not in ("LSODA", "Radau", "BDF", "RK45", "DOP853"):
        raise ValueError(f"method must be one of LSODA, Radau, BDF, RK45, DOP853; got {method!r}")
    t_eval = np.linspace(0.0, days, int(num))
    sol = solve_ivp(_log_field(P), (0.0, days), [math.log(E0), math.log(T0)], method=method,
                    t_eval=t_eval, rtol=rtol, atol=atol)
    if not sol.success:
        raise RuntimeError(f"integration failed: {sol.message}")
    return Trajectory(t=sol.t, E=np.exp(sol.y[0]), T=np.exp(sol.y[1]), method=method)


# Dormand–Prince 5(4) tableau.
_C = (0.0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1.0)
_A = (
    (),
    (1 / 5,),
    (3 / 40, 9 / 40),
    (44 / 45, -56 / 15, 32 / 9),
    (19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729),
    (9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656),
)
_B = (35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84)
_ERR = (71 / 57600, 0.0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40)


def _dp45(P: Parameters, u0: float, v0: float, t_end: float, tol: float, h_max: float):
    """Adaptive Dormand–Prince 5(4) in (ln E, ln T); returns step times, states and slopes."""
    s, p, g, m, d, a, b, n = P.astuple()
    exp = math.exp

    def f(u, v):
        E = exp(u)
        T = exp(v)
        return s / E + p * T / (g + T) - m * T - d, a - a * b * T - n * E

    a21, = _A[1]
    a31, a32 = _A[2]
    a41, a42, a43 = _A[3]
    a51, a52, a53, a54 = _A[4]
    a61, a62, a63, a64, a65 = _A[5]
    b1, _, b3, b4, b5, b6 = _B
    e1, _, e3, e4, e5, e6, e7 = _ERR
    t, u, v = 0.0, u0, v0
    k1u, k1v = f(u, v)
    ts, us, vs, dus, dvs = [t], [u], [v], [k1u], [k1v]
    h = min(h_max, 0.05 / (abs(k1u) + abs(k1v) + 1e-12), t_end)
    steps = 0
    while t < t_end:
        steps += 1
        if steps > 200_000:
            raise RuntimeError("fast integrator: too many steps")
        if t + h > t_end:
            h = t_end - t
        k2u, k2v = f(u + h * a21 * k1u, v + h * a21 * k1v)
        k3u, k3v = f(u + h * (a31 * k1u + a32 * k2u), v + h * (a31 * k1v + a32 * k2v))
        k4u, k4v = f(u + h * (a41 * k1u + a42 * k2u + a43 * k3u), v + h * (a41 * k1v + a42 * k2v + a43 * k3v))
        k5u, k5v = f(u + h * (a51 * k1u + a52 * k2u + a53 * k3u + a54 * k4u),
                     v + h * (a51 * k1v + a52 * k2v + a53 * k3v + a54 * k4v))
        k6u, k6v = f(u + h * (a61 * k1u + a62 * k2u + a63 * k3u + a64 * k4u + a65 * k5u),
                     v + h * (a61 * k1v + a62 * k2v + a63 * k3v + a64 * k4v + a65 * k5v))
        un = u + h * (b1 * k1u + b3 * k3u + b4 * k4u + b5 * k5u + b6 * k6u)
        vn = v + h * (b1 * k1v + b3 * k3v + b4 * k4v + b5 * k5v + b6 * k6v)
        k7u, k7v = f(un, vn)
        eu = h * (e1 * k1u + e3 * k3u + e4 * k4u + e5 * k5u + e6 * k6u + e7 * k7u)
        ev = h * (e1 * k1v + e3 * k3v + e4 * k4v + e5 * k5v + e6 * k6v + e7 * k7v)
        err = math.sqrt(0.5 * (eu * eu + ev * ev)) / tol
        if err <= 1.0:
            t += h
            u, v, k1u, k1v = un, vn, k7u, k7v
            ts.append(t)
            us.append(u)
            vs.append(v)
            dus.append(k1u)
            dvs.append(k1v)
            factor = 5.0 if err == 0 else min(5.0, 0.9 * err ** -0.2)
        else:
            factor = max(0.2, 0.9 * err ** -0.2)
        h = min(h * factor, h_max)
    return np.array(ts), np.array(us), np.array(vs), np.array(dus), np.array(dvs)


def _hermite(t_out, ts, ys, dys):
    """Cubic Hermite interpolation of step values ``ys`` with slopes ``dys`` at ``t_out``."""
    i = np.clip(np.searchsorted(ts, t_out, side="right") - 1, 0, ts.size - 2)
    h = ts[i + 1] - ts[i]
    x = (t_out - ts[i]) / h
    h00 = (1 + 2 * x) * (1 - x) ** 2
    h10 = x * (1 - x) ** 2
    h01 = x * x * (3 - 2 * x)
    h11 = x * x * (x - 1)
    return h00 * ys[i] + h10 * h * dys[i] + h01 * ys[i + 1] + h11 * h * dys[i + 1]


def fast_trajectory(E0: float, T0: float, days: float, params: Parameters = PUBLISHED, *, num: int = 501,
                    tol: float = 1e-8, h_max: float = 10.0) -> Trajectory:
    """Like :func:`trajectory` but with a pure-Python Dormand–Prince 5(4) (≈ 1 ms instead of ≈ 10 ms).

    ``tol`` is the absolute error allowed per step in ln E and ln T (a relative error in E, T).
    """
    P = _params(params)
    E0, T0 = _initial(E0, T0)
    days = inputs.positive("days", days)
    tol = inputs.positive("tol", tol)
    h_max = inputs.positive("h_max", h_max)
    ts, us, vs, dus, dvs = _dp45(P, math.log(E0), math.log(T0), days, tol, h_max)
    t_out = np.linspace(0.0, days, int(num))
    u = _hermite(t_out, ts, us, dus)
    v = _hermite(t_out, ts, vs, dvs)
    return Trajectory(t=t_out, E=np.exp(u), T=np.exp(v), method="DP45 (pure Python)")


# -- basins -------------------------------------------------------------------------------------

def _stable_targets(P: Parameters):
    return [fp for fp in fixed_points(P) if fp.T > 0 and fp.stable]


def escapes(E0: float, T0: float, params: Parameters = PUBLISHED, *, t_max: float = 50_000.0,
            radius: float = 0.05) -> bool:
    """Does the tumour started at (E0, T0) end at the escape state? Decided by integration.

    Integrates (LSODA, ln E and ln T) until the state is within ``radius`` (in ln E and ln T) of
    a stable equilibrium, and reports whether that equilibrium's role is ``"escape"``. Raises
    ``RuntimeError`` if no stable state is reached within ``t_max`` days (the start is on, or
    extremely close to, the separatrix). With a single stable state the integration still runs,
    so a start that does not converge (e.g. to a limit cycle) is reported, not assumed away.
    """
    from scipy.integrate import solve_ivp

    P = _params(params)
    E0, T0 = _initial(E0, T0)
    targets = _stable_targets(P)
    if not targets:
        raise RuntimeError("no stable tumour-bearing equilibrium at these parameters")
    logs = [(math.log(fp.E), math.log(fp.T)) for fp in targets]

    def make_event(c):
        def event(t, y):
            return max(abs(y[0] - c[0]), abs(y[1] - c[1])) - radius
        event.terminal = True
        event.direction = -1
        return event

    events = [make_event(c) for c in logs]
    y0 = [math.log(E0), math.log(T0)]
    for i, c in enumerate(logs):
        if max(abs(y0[0] - c[0]), abs(y0[1] - c[1])) < radius:
            return targets[i].role == "escape"
    sol = solve_ivp(_log_field(P), (0.0, t_max), y0, method="LSODA", rtol=1e-9, atol=1e-11, events=events)
    for i, te in enumerate(sol.t_events):
        if te.size:
            return targets[i].role == "escape"
    raise RuntimeError(f"(E0, T0) = ({E0:g}, {T0:g}) reached no stable state in {t_max:g} days: "
                       "it is on or extremely close to the separatrix")


@dataclass(frozen=True)
class Separatrix:
    """The stable manifold of the saddle: the boundary between the dormant and escape basins.

    ``E``, ``T``: the curve, ordered by increasing E, through the saddle (``saddle``);
    ``lower`` / ``upper``: the two branches as (E, T) arrays starting at the saddle.
    """

    E: np.ndarray
    T: np.ndarray
    saddle: FixedPoint
    lower: tuple[np.ndarray, np.ndarray] = field(repr=False)
    upper: tuple[np.ndarray, np.ndarray] = field(repr=False)

    @property
    def is_graph(self) -> bool:
        """True if T rises strictly with E along the curve (so it is a graph T = S(E))."""
        return bool(np.all(np.diff(self.E) > 0) and np.all(np.diff(self.T) > 0))

    def threshold_T(self, E0):
        """T on the separatrix at E = E0 (log–log interpolation); NaN outside the curve's E range."""
        if not self.is_graph:
            raise ValueError("the separatrix is not a graph T = S(E) here; use escapes()")
        E0 = inputs.array("E0", E0, strictly_above=0)
        lnT = np.interp(np.log(E0), np.log(self.E), np.log(self.T), left=np.nan, right=np.nan)
        out = np.exp(lnT)
        return float(out) if out.ndim == 0 else out

    def escapes(self, E0, T0):
        """Classify by the side of the curve: True above it (escape), False below (dormant)."""
        T0 = inputs.array("T0", T0, strictly_above=0)
        thr = self.threshold_T(E0)
        if np.any(np.isnan(thr)):
            raise ValueError("E0 lies outside the range the separatrix was traced over")
        out = np.asarray(T0 > thr)
        return bool(out) if out.ndim == 0 else out


def basin_boundary(params: Parameters = PUBLISHED, *, offset: float = 1e-7, E_range=(1.0, 1e10),
                   T_range=(1.0, 1e10), t_max: float = 10_000.0, max_step: float = 2.0) -> Separatrix:
    """Trace the saddle's stable manifold by integrating backwards in time from the saddle.

    Starts ``offset`` (in ln E, ln T) from the saddle along ± its stable eigenvector (computed in
    log coordinates) and integrates the reversed field until a branch leaves the box
    ``E_range`` × ``T_range`` (cells) or ``t_max`` days pass; the curve is the solver's steps
    (at most ``max_step`` days apart). Raises ``ValueError`` if there is
    no saddle (then there is a single attractor and no boundary).
    """
    from scipy.integrate import solve_ivp

    P = _params(params)
    saddles = _by_role(fixed_points(P), "saddle")
    if not saddles:
        raise ValueError(f"no saddle at these parameters (m = {P.m:g}): there is only one tumour-bearing attractor")
    sad = saddles[0]
    Jl = _log_jacobian(sad.E, sad.T, P)
    lam, vec = np.linalg.eig(Jl)
    w = np.real(vec[:, int(np.argmin(lam.real))])
    w = w / np.linalg.norm(w)
    lo_u, hi_u = math.log(E_range[0]), math.log(E_range[1])
    lo_v, hi_v = math.log(T_range[0]), math.log(T_range[1])

    def ev(index, bound):
        def event(t, y):
            return y[index] - bound
        event.terminal = True
        return event

    events = [ev(0, lo_u), ev(0, hi_u), ev(1, lo_v), ev(1, hi_v)]
    back = _log_field(P, sign=-1.0)
    branches = []
    for sign in (1.0, -1.0):
        y0 = [math.log(sad.E) + sign * offset * w[0], math.log(sad.T) + sign * offset * w[1]]
        sol = solve_ivp(back, (0.0, t_max), y0, method="LSODA", rtol=1e-10, atol=1e-12, events=events,
                        max_step=max_step)
        branches.append((np.exp(sol.y[0]), np.exp(sol.y[1])))
    # name them by where they go: the lower branch ends at smaller E
    b1, b2 = branches
    lower, upper = (b1, b2) if b1[0][-1] < b2[0][-1] else (b2, b1)
    E = np.concatenate([lower[0][::-1], [sad.E], upper[0]])
    T = np.concatenate([lower[1][::-1], [sad.T], upper[1]])
    return Separatrix(E=E, T=T, saddle=sad, lower=lower, upper=upper)


def escape_threshold_T0(E0: float, params: Parameters = PUBLISHED, *, rtol: float = 1e-6,
                        T_range: tuple[float, float] | None = None, grid: int = 9) -> float:
    """The initial tumour size above which the tumour escapes, for initial effectors ``E0``.

    Bisection (in ln T0) on :func:`escapes` over ``T_range`` (default 1 cell to the capacity 1/b).
    Returns ``inf`` if no initial tumour in the range escapes (including when there is no escape
    state) and ``0.0`` if every one does (including when there is no dormant state). A coarse
    ``grid`` of T0 is checked first; if the outcome switches more than once along it, the
    threshold is not unique and ``RuntimeError`` is raised.
    """
    P = _params(params)
    E0 = inputs.positive("E0 (initial effector cells)", E0)
    rtol = inputs.bounded("rtol", rtol, 0.0, 0.1, strict=True)
    roles = {fp.role for fp in fixed_points(P)}
    if "escape" not in roles:
        return math.inf
    if "dormant" not in roles:
        return 0.0
    lo, hi = T_range if T_range is not None else (1.0, P.capacity)
    lo = inputs.positive("lowest T0", lo)
    hi = inputs.positive("highest T0", hi)
    if not lo < hi:
        raise ValueError(f"T_range must be increasing, got {(lo, hi)}")
    Ts = np.geomspace(lo, hi, max(int(grid), 2))
    outcome = [escapes(E0, T, P) for T in Ts]
    switches = int(np.sum(np.diff(np.array(outcome, dtype=int)) != 0))
    if switches > 1:
        raise RuntimeError(f"the outcome switches {switches} times between T0 = {lo:g} and {hi:g}: no single threshold")
    if all(outcome):
        return 0.0
    if not any(outcome):
        return math.inf
    k = int(np.argmax(outcome))  # first escaping grid point
    a_, b_ = math.log(Ts[k - 1]), math.log(Ts[k])
    while b_ - a_ > rtol:
        mid = 0.5 * (a_ + b_)
        if escapes(E0, math.exp(mid), P):
            b_ = mid
        else:
            a_ = mid
    return math.exp(0.5 * (a_ + b_))


# -- the inactivation rate m -------------------------------------------------------------------

@dataclass(frozen=True)
class SaddleNode:
    """A saddle-node (fold) in m: at ``m`` two tumour-bearing equilibria meet and vanish.

    ``lost``: the roles of the pair that disappears (e.g. ``("saddle", "escape")``);
    ``lost_when``: ``"below"`` or ``"above"`` — on which side of ``m`` the pair is absent.
    """

    m: float
    T: float
    lost: tuple[str, ...]
    lost_when: str


def _n_tumour_states(P: Parameters) -> int:
    return sum(1 for fp in fixed_points(P) if fp.T > 0)


def saddle_nodes(params: Parameters = PUBLISHED, m_range: tuple[float, float] = (1e-13, 1e-7),
                 grid: int = 241) -> list[SaddleNode]:
    """Every fold in m within ``m_range``: where the number of tumour-bearing equilibria changes.

    The count is scanned on a log grid; each change is then located as a root of the cubic's
    :func:`discriminant` (brentq), and the roles on either side are read off :func:`fixed_points`.
    """
    from scipy.optimize import brentq

    P = _params(params)
    lo = inputs.positive("lowest m", m_range[0])
    hi = inputs.positive("highest m", m_range[1])
    if not lo < hi:
        raise ValueError(f"m_range must be increasing, got {m_range}")
    ms = np.geomspace(lo, hi, int(grid))
    counts = [_n_tumour_states(P.replace(m=float(mm))) for mm in ms]
    found = []
    for i in range(len(ms) - 1):
        if counts[i] == counts[i + 1]:
            continue
        m1, m2 = float(ms[i]), float(ms[i + 1])
        mc = brentq(lambda mm: discriminant(P.replace(m=mm)), m1, m2, xtol=1e-30, rtol=1e-14, maxiter=200)
        below = fixed_points(P.replace(m=mc * (1 - 1e-6)))
        above = fixed_points(P.replace(m=mc * (1 + 1e-6)))
        more, side = (above, "below") if len(above) > len(below) else (below, "above")
        states = [fp for fp in more if fp.T > 0]
        # the pair that meets: the two neighbouring states (in T) closest to each other in ln T
        gaps = [(math.log(y.T) - math.log(x.T), x, y) for x, y in zip(states, states[1:])]
        _, x, y = min(gaps, key=lambda q: q[0])
        roots = np.roots(equilibrium_cubic(P.replace(m=mc))) * T_SCALE
        T_fold = float(roots[np.argmin(np.abs(roots - math.sqrt(x.T * y.T)))].real)
        found.append(SaddleNode(m=mc, T=T_fold, lost=(x.role, y.role), lost_when=side))
    return found


def critical_m(params: Parameters = PUBLISHED, m_range: tuple[float, float] = (1e-13, 1e-7)) -> float:
    """The value of m at which the escape state meets the saddle and vanishes.

    The code finds (see the tests) that the escape state exists *above* this m and is absent
    *below* it: lowering the inactivation rate removes escape. Raises ``ValueError`` if no such
    fold lies in ``m_range``.
    """
    for fold in saddle_nodes(params, m_range):
        if "escape" in fold.lost:
            return fold.m
    raise ValueError(f"no saddle-node removing the escape state for m in {m_range}")


# -- the explorer model ---------------------------------------------------------------------------

def explorer_model(m: float, T0: float, E0: float | None = None, days: float = 1000.0,
                   params: Parameters = PUBLISHED, num: int = 401) -> dict:
    """Everything a phase-plane explorer draws, for inactivation rate ``m`` and start (E0, T0).

    ``E0`` defaults to s/d, the effector level of a tumour-free host. Returns a dict with
    ``params``, ``nullclines`` (see :func:`nullclines`), ``fixed_points`` (list of dicts from
    :meth:`FixedPoint.as_dict`), ``trajectory`` (dict of ``t``, ``E``, ``T`` from
    :func:`fast_trajectory`) and ``outcome``: the role of the stable state the trajectory ends
    nearest to (within 10 % in E and T), or ``"undecided"``. Takes about a millisecond or two.
    """
    P = _params(params).replace(m=m)
    if E0 is None:
        E0 = P.s / P.d
    traj = fast_trajectory(E0, T0, days, P, num=num)
    fps = fixed_points(P)
    outcome = "undecided"
    uE, uT = math.log(traj.E[-1]), math.log(traj.T[-1])
    for fp in fps:
        if fp.T > 0 and fp.stable and max(abs(uE - math.log(fp.E)), abs(uT - math.log(fp.T))) < 0.1:
            outcome = fp.role
    return {
        "params": P,
        "nullclines": nullclines(P, num=200),
        "fixed_points": [fp.as_dict() for fp in fps],
        "trajectory": traj.as_dict(),
        "outcome": outcome,
    }
