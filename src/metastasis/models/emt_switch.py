"""TGF-β-induced EMT as two coupled bistable switches (Tian, Zhang & Xing 2013).

Tian et al. (2013, ``tian2013coupled``) model the core circuit of TGF-β-induced
epithelial-to-mesenchymal transition (EMT) with nine ordinary differential equations. One cell,
well mixed, deterministic; every variable is a concentration in the source's units:

====  ==========  ==========================================================
 i    symbol      meaning
====  ==========  ==========================================================
 0    T           endogenous (autocrine) TGF-β
 1    s           *snail1* mRNA
 2    S           SNAIL1 protein
 3    R3          miR-34
 4    z           *zeb* mRNA
 5    Z           ZEB protein
 6    R2          miR-200
 7    E           E-cadherin (read-out; acts on nothing)
 8    N           N-cadherin (read-out; acts on nothing)
====  ==========  ==========================================================

With the Hill functions H⁺(x; J, n) = (x/J)ⁿ / (1 + (x/J)ⁿ) and H⁻ = 1 − H⁺, and T0 the
exogenous TGF-β added to the medium, the equations are

    dT/dt  = k0_T + k_T H⁻(R2; J_T, n_200)                     − kd_T T
    ds/dt  = k0_s + k_s H⁺(T + T0; J_s, n_t)                   − kd_s s
    dS/dt  = k_S s H⁻(R3; J_S, n_34)                           − kd_S S
    dR3/dt = k0_34 + k_34 / (1 + (S/J1_34)^n_s + (Z/J2_34)^n_z)  − kd_34 R3
    dz/dt  = k0_z + k_z H⁺(S; J_z, n_s)                        − kd_z z
    dZ/dt  = k_Z z H⁻(R2; J_Z, n_200)                          − kd_Z Z
    dR2/dt = k0_200 + k_200 / (1 + (S/J1_200)^n_s + (Z/J2_200)^n_z) − kd_200 R2
    dE/dt  = k_e1 H⁻(S; J_e1, n_s) + k_e2 H⁻(Z; J_e2, n_z)     − kd_e E
    dN/dt  = k_n1 H⁺(S; J_n1, n_s) + k_n2 H⁺(Z; J_n2, n_z)     − kd_n N

Sources and status of the equations and numbers
-----------------------------------------------
- The *structure* (which species acts on which, and how) follows Tian et al.'s description
  of the circuit in the paper's abstract: SNAIL1/miR-34 and ZEB/miR-200 double-negative loops,
  exogenous TGF-β inducing *snail1*, and an autocrine TGF-β/miR-200 loop [checked: abstract].
- The *rate laws and every number* in :class:`EMTParameters` were read from the public Python
  re-implementation cliffzhou92/STT (files ``data/emt_sim/functions_emt.py`` and
  ``data/emt_sim/params_emt.py``; both last changed in commit ``39609efb``, read at the snapshot
  ``c97c6565``), whose authors state the parameters are "same as Tian et al". They have **not** been checked against the paper's own table (its body
  and supplement could not be read here): status [implementation, not checked in the paper].
  The equations here were re-written from that description, not copied.
- Exogenous TGF-β adds to the endogenous one in the *snail1* activation term only: H⁺(T + T0)
  (as in the STT implementation).
- Units: the source gives none in code; treat all concentrations and times as being in the
  source's (unconfirmed) units. Thresholds are therefore in the units of T0 in the source.

The "no autocrine loop" variant
-------------------------------
:meth:`EMTParameters.without_autocrine_loop` sets ``k_T = 0``: the miR-200-repressed production
of TGF-β is removed, the basal production ``k0_T`` is kept, so endogenous TGF-β sits at
k0_T/kd_T = 0.1 whatever the cell's state. How the paper itself removes the loop could not be
confirmed; this is an assumption (see :func:`without_loop_clamped` for an alternative that keeps
endogenous TGF-β at its epithelial level — the qualitative result, a reversible switch, is the
same).

What the code derives (it never assumes them)
---------------------------------------------
The steady states are found on a two-variable reduction (SNAIL and ZEB, in log space) that is
exact for equilibria: at a steady state every other species is an explicit function of S and Z.
The branches of steady states versus T0 are traced by pseudo-arclength continuation, folds are
located by solving for a zero Jacobian determinant, stability is read from the eigenvalues of
the full 9×9 Jacobian, and each jump of a quasi-static sweep is resolved by integrating the ODEs
from the fold. :func:`thresholds` prints the numbers; ``python -m metastasis.models.emt_switch``
prints them with timings.

Limits: one deterministic well-mixed cell (no noise, no cell-cell signalling, no division); Hill
kinetics with fixed parameters; T0 is a constant (or piecewise-constant) input, not a consumed
ligand; the states "epithelial / partial / mesenchymal" are labels for branches of a toy model,
not measured phenotypes.

Findings (re-derived here, tested in ``tests/unit/models/test_emt_switch.py``)
----------------------------------------------------------------------------
- With the loop (source parameters): up-sweep folds at T0 ≈ 1.0079 (E → P) and 2.0137 (P → M);
  the partial branch ends below at 0.6514; the mesenchymal branch ends only at a formal negative
  dose, −0.553, so the second switch is irreversible. A sweep in steps of 0.1 first *shows* the
  partial and mesenchymal states at 1.1 and 2.1, the values usually quoted.
- Stable states with the loop: E + M on [0, 0.651), E + P + M on [0.651, 1.008), P + M on
  [1.008, 2.014), M alone above. A mesenchymal state exists at every T0 ≥ 0, so low TGF-β is
  never monostable with the loop.
- Without the loop (k_T = 0): folds at 1.0657 (E → P), 2.1470 (P → M), 1.0843 (M → P, down) and
  0.7101 (P → E, down); the circuit is monostable epithelial for 0 ≤ T0 < 0.710. The clamped
  variant gives 1.0079, 2.0892, 1.0265 and 0.6522, and the same qualitative picture.
- Memory of a pulse (with the loop, T0 = 3): a pulse of 250 time units is forgotten, one of 320 is
  kept (bisection puts the limit near 278; at T0 = 2.5 near 348).

Open: the paper's own parameter table, figure values and definition of "loop removed" were not
checked (its body and supplement could not be read); no stochastic version is implemented; the
Lu et al. (2013, ``lu2013microrna``) ternary chimera switch is not implemented, because its
parameters would have to come from that paper's supplement.
"""

from __future__ import annotations

import dataclasses
import functools
import numbers
import time
from dataclasses import dataclass, field

import numpy as np

from . import inputs

__all__ = [
    "SPECIES",
    "SPECIES_LABELS",
    "PHASES",
    "EMTParameters",
    "TIAN2013",
    "NO_AUTOCRINE_LOOP",
    "without_loop_clamped",
    "T0_MAX",
    "EMTInputError",
    "rhs",
    "jacobian",
    "stability",
    "state_from_snail_zeb",
    "solve_steady_state",
    "relax",
    "Equilibrium",
    "equilibria",
    "classify",
    "Branch",
    "branch_curve",
    "Jump",
    "Thresholds",
    "Diagram",
    "bifurcation_diagram",
    "thresholds",
    "quasi_static_sweep",
    "StepProtocol",
    "pulse",
    "TimeCourse",
    "time_course",
    "explorer_model",
]

#: Variable names, in the order of the last axis of a state array.
SPECIES: tuple[str, ...] = ("T", "s", "S", "R3", "z", "Z", "R2", "E", "N")
#: What each variable is.
SPECIES_LABELS: dict[str, str] = {
    "T": "endogenous TGF-β",
    "s": "snail1 mRNA",
    "S": "SNAIL1 protein",
    "R3": "miR-34",
    "z": "zeb mRNA",
    "Z": "ZEB protein",
    "R2": "miR-200",
    "E": "E-cadherin",
    "N": "N-cadherin",
}
_IDX = {name: i for i, name in enumerate(SPECIES)}
#: The three phenotype labels, from epithelial to mesenchymal.
PHASES: tuple[str, ...] = ("epithelial", "partial", "mesenchymal")
#: The largest exogenous TGF-β the precomputed diagrams cover.
T0_MAX = 3.0


class EMTInputError(ValueError):
    """A bad argument to the EMT model (negative or non-finite T0, wrong state shape, ...)."""


# -- parameters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EMTParameters:
    """The 43 numbers of the Tian et al. (2013) circuit.

    Defaults are those of the STT re-implementation (cliffzhou92/STT,
    ``data/emt_sim/params_emt.py``), stated there to be Tian et al.'s; not checked against the
    paper's table. Names follow the equations in the module docstring; in brackets, the STT name.
    """

    # endogenous TGF-β (k0_T, kt, JT, kd_T; Hill exponent nr2)
    k0_T: float = 0.06
    k_T: float = 1.2
    J_T: float = 0.06
    kd_T: float = 0.6
    # snail1 mRNA (k0_s, ks, Js, kd_s; nt)
    k0_s: float = 0.0006
    k_s: float = 0.03
    J_s: float = 1.6
    kd_s: float = 0.09
    # SNAIL1 protein (kS, JS, kd_S; nr3)
    k_S: float = 17.0
    J_S: float = 0.08
    kd_S: float = 1.66
    # miR-34 (k0_3, k3, J13, J23, kd_3)
    k0_34: float = 0.0012
    k_34: float = 0.012
    J1_34: float = 0.15
    J2_34: float = 0.36
    kd_34: float = 0.035
    # zeb mRNA (k0_z, kz, Jz, kd_z)
    k0_z: float = 0.003
    k_z: float = 0.06
    J_z: float = 3.5
    kd_z: float = 0.09
    # ZEB protein (kZ, JZ, kd_Z)
    k_Z: float = 17.0
    J_Z: float = 0.06
    kd_Z: float = 1.66
    # miR-200 (k0_2, k2, J12, J22, kd_2)
    k0_200: float = 0.0002
    k_200: float = 0.012
    J1_200: float = 5.0
    J2_200: float = 0.2
    kd_200: float = 0.035
    # E-cadherin (ke_1, J1e, ke_2, J2e, kd_e)
    k_e1: float = 1.0
    J_e1: float = 0.2
    k_e2: float = 0.6
    J_e2: float = 0.5
    kd_e: float = 0.5
    # N-cadherin (kn_1, J1n, kn_2, J2n, kd_n)
    k_n1: float = 1.0
    J_n1: float = 0.2
    k_n2: float = 0.6
    J_n2: float = 0.5
    kd_n: float = 0.5
    # Hill exponents (nr2, nt, nr3, ns, nz): all 2 in the source
    n_200: float = 2.0
    n_t: float = 2.0
    n_34: float = 2.0
    n_s: float = 2.0
    n_z: float = 2.0

    def __post_init__(self):
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name.startswith(("kd_", "J", "n_")):
                inputs.positive(f"parameter {f.name}", value)
            else:  # production rates may be switched off
                v = inputs.number(f"parameter {f.name}", value)
                if v < 0:
                    raise EMTInputError(f"parameter {f.name} cannot be negative, got {v}")

    def replace(self, **changes) -> "EMTParameters":
        """A copy with some numbers changed (validated)."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise EMTInputError(f"unknown parameter(s) {sorted(unknown)}")
        return dataclasses.replace(self, **changes)

    def without_autocrine_loop(self) -> "EMTParameters":
        """The circuit with the miR-200-repressed TGF-β production removed (k_T = 0).

        Basal TGF-β production k0_T is kept. This is this module's definition of "no autocrine
        loop"; the paper's own definition could not be confirmed.
        """
        return self.replace(k_T=0.0)

    @property
    def has_autocrine_loop(self) -> bool:
        return self.k_T > 0


#: The parameter set of Tian et al. (2013) as given by the STT re-implementation.
TIAN2013 = EMTParameters()
#: The same circuit without the autocrine TGF-β/miR-200 loop (k_T = 0).
NO_AUTOCRINE_LOOP = TIAN2013.without_autocrine_loop()


def without_loop_clamped(params: EMTParameters = TIAN2013) -> EMTParameters:
    """An alternative loop removal: TGF-β production frozen at its epithelial value.

    The feedback from miR-200 is cut (k_T = 0) but the basal rate is raised to what the intact
    loop produces in the epithelial state at T0 = 0, so the epithelial state is unchanged and only
    the feedback is gone.
    """
    r2 = _epithelial_seed(params, 0.0)[_IDX["R2"]]
    k0 = params.k0_T + params.k_T * _hm(r2, params.J_T, params.n_200)
    return params.replace(k0_T=float(k0), k_T=0.0)


# -- input checks ---------------------------------------------------------------------------


def _check_params(params) -> EMTParameters:
    if not isinstance(params, EMTParameters):
        raise TypeError(f"params must be an EMTParameters, got {type(params).__name__}")
    return params


def _check_t0(t0, name: str = "T0 (exogenous TGF-β)") -> np.ndarray:
    try:
        return inputs.array(name, t0, minimum=0)
    except ValueError as err:  # re-raise as the model's own, named error
        raise EMTInputError(str(err)) from None


def _check_scalar_t0(t0, name: str = "T0 (exogenous TGF-β)") -> float:
    arr = _check_t0(t0, name)
    if arr.ndim != 0:
        raise EMTInputError(f"{name} must be a single number here, got shape {arr.shape}")
    return float(arr)


def _check_state(state, name: str = "state") -> np.ndarray:
    if isinstance(state, bool):
        raise TypeError(f"{name} must be an array of 9 concentrations, got {state!r}")
    try:
        arr = np.asarray(state, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers, got {state!r}") from None
    if arr.ndim == 0 or arr.shape[-1] != len(SPECIES):
        raise EMTInputError(
            f"{name} must have shape (..., {len(SPECIES)}) — one column per species {SPECIES} — "
            f"got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise EMTInputError(f"{name} must be finite")
    if np.any(arr < 0):
        raise EMTInputError(f"{name}: concentrations cannot be negative")
    return arr


def _check_direction(direction) -> str:
    if direction not in ("up", "down"):
        raise EMTInputError(f"sweep direction must be 'up' or 'down', got {direction!r}")
    return direction


# -- the equations --------------------------------------------------------------------------


def _ratio(x, J, n):
    q = np.maximum(x, 0.0) / J
    return q * q if n == 2.0 else np.power(q, n)


def _hp(x, J, n):
    r = _ratio(x, J, n)
    return r / (1.0 + r)


def _hm(x, J, n):
    return 1.0 / (1.0 + _ratio(x, J, n))


def _dhp(x, J, n):
    """d H⁺/dx (equal to −d H⁻/dx)."""
    x = np.maximum(x, 0.0)
    r = np.power(x / J, n)
    return n / J * np.power(x / J, n - 1.0) / (1.0 + r) ** 2


def rhs(state, t0, params: EMTParameters = TIAN2013) -> np.ndarray:
    """d(state)/dt for states of shape (..., 9) and T0 broadcastable to state.shape[:-1]."""
    p = _check_params(params)
    y = _check_state(state)
    t0 = _check_t0(t0)
    return _rhs(y, t0, p)


def _broadcast_state(y, t0):
    shape = np.broadcast_shapes(y.shape[:-1], np.shape(t0))
    return y if y.shape[:-1] == shape else np.broadcast_to(y, shape + y.shape[-1:])


def _rhs(y, t0, p):
    y = _broadcast_state(y, t0)
    if _all_hill_two(p):
        return _rhs_fast(y, t0, p)
    return _rhs_generic(y, t0, p)


def _all_hill_two(p) -> bool:
    return p.n_200 == p.n_t == p.n_34 == p.n_s == p.n_z == 2.0


# the 13 Hill arguments: which species, divided by which J (T + T0 for the second)
_HILL_SPECIES = np.array([6, 0, 3, 2, 5, 2, 6, 2, 5, 2, 5, 2, 5])


@functools.lru_cache(maxsize=64)
def _fast_constants(p):
    """Constants of the vectorised right-hand side for Hill exponents of 2 (the source's)."""
    inv_j = 1.0 / np.array([p.J_T, p.J_s, p.J_S, p.J1_34, p.J2_34, p.J_z, p.J_Z, p.J1_200,
                            p.J2_200, p.J_e1, p.J_e2, p.J_n1, p.J_n2])
    # columns of F: h_k = 1/(1 + r_k) for k = 0..12 (cols 2 and 6 multiplied by s and z),
    # then d3 = 1/(1 + r3 + r4) and d2 = 1/(1 + r7 + r8). H+ = 1 − h.
    W = np.zeros((15, 9))
    c = np.zeros(9)
    W[0, 0] = p.k_T
    c[0] = p.k0_T
    c[1], W[1, 1] = p.k0_s + p.k_s, -p.k_s
    W[2, 2] = p.k_S
    c[3], W[13, 3] = p.k0_34, p.k_34
    c[4], W[5, 4] = p.k0_z + p.k_z, -p.k_z
    W[6, 5] = p.k_Z
    c[6], W[14, 6] = p.k0_200, p.k_200
    W[9, 7], W[10, 7] = p.k_e1, p.k_e2
    c[8], W[11, 8], W[12, 8] = p.k_n1 + p.k_n2, -p.k_n1, -p.k_n2
    kd = np.array([p.kd_T, p.kd_s, p.kd_S, p.kd_34, p.kd_z, p.kd_Z, p.kd_200, p.kd_e, p.kd_n])
    return inv_j, W, c, kd


def _rhs_fast(y, t0, p):
    inv_j, W, c, kd = _fast_constants(p)
    x = y[..., _HILL_SPECIES]  # a copy
    x[..., 1] += t0 if np.ndim(t0) == 0 else np.asarray(t0)
    np.maximum(x, 0.0, out=x)  # as the generic path: Hill functions see no negative levels
    q = x * inv_j
    r = q * q
    F = np.empty(r.shape[:-1] + (15,))
    F[..., :13] = 1.0 / (1.0 + r)
    F[..., 2] *= y[..., 1]
    F[..., 6] *= y[..., 4]
    F[..., 13] = 1.0 / (1.0 + r[..., 3] + r[..., 4])
    F[..., 14] = 1.0 / (1.0 + r[..., 7] + r[..., 8])
    return F @ W + c - kd * y


def _rhs_generic(y, t0, p):
    shape = np.broadcast_shapes(y.shape[:-1], np.shape(t0))
    out = np.empty(shape + (9,))
    T, s, S, R3, z, Z, R2, E, N = (y[..., k] for k in range(9))
    d3 = 1.0 / (1.0 + _ratio(S, p.J1_34, p.n_s) + _ratio(Z, p.J2_34, p.n_z))
    d2 = 1.0 / (1.0 + _ratio(S, p.J1_200, p.n_s) + _ratio(Z, p.J2_200, p.n_z))
    out[..., 0] = p.k0_T + p.k_T * _hm(R2, p.J_T, p.n_200) - p.kd_T * T
    out[..., 1] = p.k0_s + p.k_s * _hp(T + t0, p.J_s, p.n_t) - p.kd_s * s
    out[..., 2] = p.k_S * s * _hm(R3, p.J_S, p.n_34) - p.kd_S * S
    out[..., 3] = p.k0_34 + p.k_34 * d3 - p.kd_34 * R3
    out[..., 4] = p.k0_z + p.k_z * _hp(S, p.J_z, p.n_s) - p.kd_z * z
    out[..., 5] = p.k_Z * z * _hm(R2, p.J_Z, p.n_200) - p.kd_Z * Z
    out[..., 6] = p.k0_200 + p.k_200 * d2 - p.kd_200 * R2
    out[..., 7] = p.k_e1 * _hm(S, p.J_e1, p.n_s) + p.k_e2 * _hm(Z, p.J_e2, p.n_z) - p.kd_e * E
    out[..., 8] = p.k_n1 * _hp(S, p.J_n1, p.n_s) + p.k_n2 * _hp(Z, p.J_n2, p.n_z) - p.kd_n * N
    return out


def jacobian(state, t0, params: EMTParameters = TIAN2013) -> np.ndarray:
    """The analytic Jacobian ∂(dy/dt)/∂y, shape (..., 9, 9)."""
    p = _check_params(params)
    y = _check_state(state)
    t0 = _check_t0(t0)
    return _jac(y, t0, p)


def _jac(y, t0, p):
    y = _broadcast_state(y, t0)
    if _all_hill_two(p):
        return _jac_fast(y, t0, p)
    return _jac_generic(y, t0, p)


# off-diagonal entries (row, column) of the Jacobian, in the order _jac_fast computes them
_JAC_ROWS = np.array([0, 1, 2, 2, 3, 3, 4, 5, 5, 6, 6, 7, 7, 8, 8])
_JAC_COLS = np.array([6, 0, 1, 3, 2, 5, 2, 4, 6, 2, 5, 2, 5, 2, 5])


def _jac_fast(y, t0, p):
    inv_j, _, _, kd = _fast_constants(p)
    x = y[..., _HILL_SPECIES]
    x[..., 1] += t0 if np.ndim(t0) == 0 else np.asarray(t0)
    np.maximum(x, 0.0, out=x)
    q = x * inv_j
    r = q * q
    h = 1.0 / (1.0 + r)
    dh = -2.0 * q * inv_j * h * h  # d h_k / d(its species); d H+/dx = −dh
    d3 = 1.0 / (1.0 + r[..., 3] + r[..., 4])
    d2 = 1.0 / (1.0 + r[..., 7] + r[..., 8])
    V = np.empty(r.shape[:-1] + (15,))
    V[..., 0] = p.k_T * dh[..., 0]
    V[..., 1] = -p.k_s * dh[..., 1]
    V[..., 2] = p.k_S * h[..., 2]
    V[..., 3] = p.k_S * y[..., 1] * dh[..., 2]
    V[..., 4] = -2.0 * p.k_34 * d3 * d3 * q[..., 3] * inv_j[3]
    V[..., 5] = -2.0 * p.k_34 * d3 * d3 * q[..., 4] * inv_j[4]
    V[..., 6] = -p.k_z * dh[..., 5]
    V[..., 7] = p.k_Z * h[..., 6]
    V[..., 8] = p.k_Z * y[..., 4] * dh[..., 6]
    V[..., 9] = -2.0 * p.k_200 * d2 * d2 * q[..., 7] * inv_j[7]
    V[..., 10] = -2.0 * p.k_200 * d2 * d2 * q[..., 8] * inv_j[8]
    V[..., 11] = p.k_e1 * dh[..., 9]
    V[..., 12] = p.k_e2 * dh[..., 10]
    V[..., 13] = -p.k_n1 * dh[..., 11]
    V[..., 14] = -p.k_n2 * dh[..., 12]
    J = np.zeros(r.shape[:-1] + (9, 9))
    J[..., np.arange(9), np.arange(9)] = -kd
    J[..., _JAC_ROWS, _JAC_COLS] = V
    return J


def _jac_generic(y, t0, p):
    y, t0 = np.broadcast_arrays(y, np.asarray(t0, dtype=float)[..., None])
    T, s, S, R3, z, Z, R2, E, N = np.moveaxis(y, -1, 0)
    t0 = t0[..., 0]
    J = np.zeros(y.shape + (9,))
    i = _IDX
    # T
    J[..., i["T"], i["T"]] = -p.kd_T
    J[..., i["T"], i["R2"]] = -p.k_T * _dhp(R2, p.J_T, p.n_200)
    # s
    J[..., i["s"], i["T"]] = p.k_s * _dhp(T + t0, p.J_s, p.n_t)
    J[..., i["s"], i["s"]] = -p.kd_s
    # S
    J[..., i["S"], i["s"]] = p.k_S * _hm(R3, p.J_S, p.n_34)
    J[..., i["S"], i["R3"]] = -p.k_S * s * _dhp(R3, p.J_S, p.n_34)
    J[..., i["S"], i["S"]] = -p.kd_S
    # R3 and R2: k / (1 + a(S) + b(Z))
    for name, k, J1, J2, kd in (("R3", p.k_34, p.J1_34, p.J2_34, p.kd_34),
                                ("R2", p.k_200, p.J1_200, p.J2_200, p.kd_200)):
        d = 1.0 / (1.0 + _ratio(S, J1, p.n_s) + _ratio(Z, J2, p.n_z))
        dS = p.n_s / J1 * np.power(np.maximum(S, 0) / J1, p.n_s - 1.0)
        dZ = p.n_z / J2 * np.power(np.maximum(Z, 0) / J2, p.n_z - 1.0)
        J[..., i[name], i["S"]] = -k * d * d * dS
        J[..., i[name], i["Z"]] = -k * d * d * dZ
        J[..., i[name], i[name]] = -kd
    # z
    J[..., i["z"], i["S"]] = p.k_z * _dhp(S, p.J_z, p.n_s)
    J[..., i["z"], i["z"]] = -p.kd_z
    # Z
    J[..., i["Z"], i["z"]] = p.k_Z * _hm(R2, p.J_Z, p.n_200)
    J[..., i["Z"], i["R2"]] = -p.k_Z * z * _dhp(R2, p.J_Z, p.n_200)
    J[..., i["Z"], i["Z"]] = -p.kd_Z
    # E, N
    J[..., i["E"], i["S"]] = -p.k_e1 * _dhp(S, p.J_e1, p.n_s)
    J[..., i["E"], i["Z"]] = -p.k_e2 * _dhp(Z, p.J_e2, p.n_z)
    J[..., i["E"], i["E"]] = -p.kd_e
    J[..., i["N"], i["S"]] = p.k_n1 * _dhp(S, p.J_n1, p.n_s)
    J[..., i["N"], i["Z"]] = p.k_n2 * _dhp(Z, p.J_n2, p.n_z)
    J[..., i["N"], i["N"]] = -p.kd_n
    return J


def stability(state, t0, params: EMTParameters = TIAN2013) -> np.ndarray:
    """The largest real part of the Jacobian's eigenvalues (< 0: a stable steady state)."""
    p = _check_params(params)
    y = _check_state(state)
    return _max_real_eig(y, _check_t0(t0), p)


def _max_real_eig(y, t0, p):
    return np.linalg.eigvals(_jac(y, t0, p)).real.max(axis=-1)


# -- the exact two-variable reduction of the steady states ----------------------------------


def _complete(S, Z, t0, p):
    """Every species at the steady state with given SNAIL (S) and ZEB (Z), as a tuple."""
    d3 = 1.0 / (1.0 + _ratio(S, p.J1_34, p.n_s) + _ratio(Z, p.J2_34, p.n_z))
    d2 = 1.0 / (1.0 + _ratio(S, p.J1_200, p.n_s) + _ratio(Z, p.J2_200, p.n_z))
    R3 = (p.k0_34 + p.k_34 * d3) / p.kd_34
    R2 = (p.k0_200 + p.k_200 * d2) / p.kd_200
    T = (p.k0_T + p.k_T * _hm(R2, p.J_T, p.n_200)) / p.kd_T
    s = (p.k0_s + p.k_s * _hp(T + t0, p.J_s, p.n_t)) / p.kd_s
    z = (p.k0_z + p.k_z * _hp(S, p.J_z, p.n_s)) / p.kd_z
    E = (p.k_e1 * _hm(S, p.J_e1, p.n_s) + p.k_e2 * _hm(Z, p.J_e2, p.n_z)) / p.kd_e
    N = (p.k_n1 * _hp(S, p.J_n1, p.n_s) + p.k_n2 * _hp(Z, p.J_n2, p.n_z)) / p.kd_n
    return T, s, S, R3, z, Z, R2, E, N, d3, d2


def state_from_snail_zeb(snail, zeb, t0, params: EMTParameters = TIAN2013) -> np.ndarray:
    """The 9 species of the steady state with these SNAIL and ZEB levels (shape (..., 9)).

    It is a steady state of the full system only where SNAIL and ZEB are themselves consistent
    (see :func:`solve_steady_state`); the other seven species are fixed by them exactly.
    """
    p = _check_params(params)
    S = inputs.array("SNAIL", snail, strictly_above=0)
    Z = inputs.array("ZEB", zeb, strictly_above=0)
    out = _complete(S, Z, _check_t0(t0), p)[:9]
    return np.stack(np.broadcast_arrays(*out), axis=-1)


def _residual(a, b, t0, p, with_jacobian=False):
    """g(a, b) = (log S' − a, log Z' − b) with a = log S, b = log Z; zero exactly at equilibria.

    With ``with_jacobian``, also ∂g/∂(a, b, T0) as an array of shape (..., 2, 3).
    """
    S, Z = np.exp(a), np.exp(b)
    T, s, _, R3, z, _, R2, _, _, d3, d2 = _complete(S, Z, t0, p)
    g1 = np.log(p.k_S / p.kd_S) + np.log(s) + np.log(_hm(R3, p.J_S, p.n_34)) - a
    g2 = np.log(p.k_Z / p.kd_Z) + np.log(z) + np.log(_hm(R2, p.J_Z, p.n_200)) - b
    if not with_jacobian:
        return g1, g2
    # chain rule, everything as derivatives with respect to a = log S and b = log Z
    rS3, rZ3 = _ratio(S, p.J1_34, p.n_s), _ratio(Z, p.J2_34, p.n_z)
    rS2, rZ2 = _ratio(S, p.J1_200, p.n_s), _ratio(Z, p.J2_200, p.n_z)
    dR3_da = -p.k_34 / p.kd_34 * d3 * d3 * p.n_s * rS3
    dR3_db = -p.k_34 / p.kd_34 * d3 * d3 * p.n_z * rZ3
    dR2_da = -p.k_200 / p.kd_200 * d2 * d2 * p.n_s * rS2
    dR2_db = -p.k_200 / p.kd_200 * d2 * d2 * p.n_z * rZ2
    dT_dR2 = -p.k_T * _dhp(R2, p.J_T, p.n_200) / p.kd_T
    ds_dT = p.k_s * _dhp(T + t0, p.J_s, p.n_t) / p.kd_s
    dlogs_dR2 = ds_dT * dT_dR2 / s
    r3 = _ratio(R3, p.J_S, p.n_34)
    dloghm3 = -p.n_34 * r3 / (R3 * (1.0 + r3))
    r2z = _ratio(R2, p.J_Z, p.n_200)
    dloghm2 = -p.n_200 * r2z / (R2 * (1.0 + r2z))
    dlogz_da = p.k_z * _dhp(S, p.J_z, p.n_s) * S / p.kd_z / z
    jac = np.stack(np.broadcast_arrays(
        dlogs_dR2 * dR2_da + dloghm3 * dR3_da - 1.0,
        dlogs_dR2 * dR2_db + dloghm3 * dR3_db,
        ds_dT / s,
        dlogz_da + dloghm2 * dR2_da,
        dloghm2 * dR2_db - 1.0,
        np.zeros_like(g2),
    ), axis=-1).reshape(np.shape(g1) + (2, 3))
    return g1, g2, jac


def _newton(a, b, t0, p, max_iter=60, tol=1e-12, max_step=1.0):
    """Damped Newton on the reduced system, vectorised. Returns a, b, converged."""
    a = np.array(a, dtype=float, copy=True)
    b = np.array(b, dtype=float, copy=True)
    a, b, t0 = np.broadcast_arrays(a, b, np.asarray(t0, dtype=float))
    a, b = a.copy(), b.copy()
    done = np.zeros(a.shape, dtype=bool)
    for _ in range(max_iter):
        g1, g2, jac = _residual(a, b, t0, p, with_jacobian=True)
        j11, j12, j21, j22 = jac[..., 0, 0], jac[..., 0, 1], jac[..., 1, 0], jac[..., 1, 1]
        det = j11 * j22 - j12 * j21
        det = np.where(np.abs(det) < 1e-300, 1e-300, det)
        da = -(j22 * g1 - j12 * g2) / det
        db = -(-j21 * g1 + j11 * g2) / det
        size = np.maximum(np.abs(da), np.abs(db))
        scale = np.where(size > max_step, max_step / np.maximum(size, 1e-300), 1.0)
        da, db = da * scale, db * scale
        active = ~done
        a = np.where(active, a + da, a)
        b = np.where(active, b + db, b)
        # keep the iterates in a physically sensible window (1e-9 .. 1e4)
        a = np.clip(a, -20.0, 9.0)
        b = np.clip(b, -20.0, 9.0)
        done |= (np.maximum(np.abs(g1), np.abs(g2)) < tol) & (size < 1e-9)
        if done.all():
            break
    g1, g2 = _residual(a, b, t0, p)
    ok = np.isfinite(g1) & np.isfinite(g2) & (np.maximum(np.abs(g1), np.abs(g2)) < 1e-9)
    return a, b, ok


def _full_state(a, b, t0, p):
    return np.stack(np.broadcast_arrays(*_complete(np.exp(a), np.exp(b), t0, p)[:9]), axis=-1)


def solve_steady_state(guess, t0, params: EMTParameters = TIAN2013):
    """Newton's method from ``guess`` (shape (..., 9)); returns (steady states, converged).

    Only the guess's SNAIL and ZEB are used (the reduction is exact at equilibria). Newton goes
    to a *nearby* equilibrium, stable or not; use :func:`relax` for the state the dynamics reach.
    """
    p = _check_params(params)
    y = _check_state(guess, "guess")
    t0 = _check_t0(t0)
    S = np.maximum(y[..., _IDX["S"]], 1e-9)
    Z = np.maximum(y[..., _IDX["Z"]], 1e-9)
    a, b, ok = _newton(np.log(S), np.log(Z), t0, p)
    return _full_state(a, b, t0, p), ok


# -- a vectorised adaptive Dormand–Prince 5(4) integrator (NumPy only) ----------------------

_DP_C = np.array([0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1])
_DP_A = [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
]
_DP_B = np.array([35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0])
_DP_E = _DP_B - np.array([5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40])


_DP_A_ROWS = [np.array(row) for row in _DP_A]


def _hermite(t_eval, t, h, y0, f0, y1, f1):
    """Cubic Hermite interpolation inside one step (third-order accurate dense output)."""
    th = ((np.asarray(t_eval) - t) / h)[:, None] if np.ndim(t_eval) else (t_eval - t) / h
    th = np.reshape(th, np.shape(t_eval) + (1,) * y0.ndim)
    th2, th3 = th * th, th * th * th
    return ((2 * th3 - 3 * th2 + 1) * y0 + (th3 - 2 * th2 + th) * h * f0
            + (3 * th2 - 2 * th3) * y1 + (th3 - th2) * h * f1)


class _Dense:
    """Collects the states at requested output times as an integrator steps past them."""

    def __init__(self, t_eval, like):
        self.t_eval = np.asarray(t_eval, dtype=float) if t_eval is not None else np.empty(0)
        self.out = np.empty((len(self.t_eval),) + like.shape)
        self.k = 0

    def step(self, t, h, y0, f0, y1, f1):
        k = self.k
        n = len(self.t_eval)
        if k >= n:
            return
        j = k
        while j < n and self.t_eval[j] <= t + h + 1e-9 * max(1.0, abs(t)):
            j += 1
        if j > k:
            self.out[k:j] = _hermite(self.t_eval[k:j], t, h, y0, f0, y1, f1)
            self.k = j


def _dopri(f, y, t_start, t_stop, rtol=1e-8, atol=1e-10, h=None, stop_when=None, t_eval=None):
    """Dormand–Prince 5(4), one shared adaptive step for the batch, from t_start to t_stop.

    ``stop_when(t, y)`` may end the integration early (returns True); ``t_eval`` (increasing, in
    (t_start, t_stop]) are output times filled by cubic Hermite interpolation. Returns
    (y, t, h, states at t_eval).
    """
    t = float(t_start)
    h = min(0.5, t_stop - t) if h is None else h
    dense = _Dense(t_eval, y)
    K = np.empty((7,) + y.shape)
    K[0] = f(t, y)
    n_steps = 0
    while t < t_stop - 1e-12:
        h = min(h, t_stop - t)
        for i in range(1, 7):
            K[i] = f(t + _DP_C[i] * h, y + h * np.tensordot(_DP_A_ROWS[i], K[:i], axes=1))
        y_new = y + h * np.tensordot(_DP_B, K, axes=1)
        err = h * np.tensordot(_DP_E, K, axes=1)
        scale = atol + rtol * np.maximum(np.abs(y), np.abs(y_new))
        e = float(np.sqrt(np.mean((err / scale) ** 2))) if err.size else 0.0
        if e <= 1.0 or h < 1e-10:
            dense.step(t, h, y, K[0], y_new, K[6])
            t += h
            y = y_new
            K[0] = K[6]  # first-same-as-last
            n_steps += 1
            if stop_when is not None and n_steps % 25 == 0 and stop_when(t, y):
                break
        h *= min(5.0, max(0.2, 0.9 * (1.0 / max(e, 1e-10)) ** 0.2))
    return y, t, h, dense.out


_ROS_D = 1.0 / (2.0 + np.sqrt(2.0))
_ROS_E32 = 6.0 + np.sqrt(2.0)


def _ros23(f, jac, y, t_start, t_stop, rtol=1e-4, atol=1e-7, h=None, stop_when=None,
           t_eval=None):
    """Shampine's Rosenbrock 2(3) pair (the "ode23s" scheme), vectorised, for an autonomous f.

    L-stable, so steps grow large as a trajectory settles: :func:`relax` and the jumps of a
    sweep use it to find where the dynamics go. Same arguments and returns as :func:`_dopri`.
    """
    t = float(t_start)
    h = min(0.1, t_stop - t) if h is None else h
    dense = _Dense(t_eval, y)
    eye = np.eye(y.shape[-1])
    n_steps = 0
    F0 = f(t, y)
    while t < t_stop - 1e-12:
        h = min(h, t_stop - t)
        W = np.linalg.inv(eye - h * _ROS_D * jac(y))
        k1 = np.einsum("...ij,...j->...i", W, F0)
        F1 = f(t + 0.5 * h, y + 0.5 * h * k1)
        k2 = np.einsum("...ij,...j->...i", W, F1 - k1) + k1
        y_new = y + h * k2
        F2 = f(t + h, y_new)
        k3 = np.einsum("...ij,...j->...i", W, F2 - _ROS_E32 * (k2 - F1) - 2.0 * (k1 - F0))
        err = h / 6.0 * (k1 - 2.0 * k2 + k3)
        scale = atol + rtol * np.maximum(np.abs(y), np.abs(y_new))
        e = float(np.max(np.abs(err) / scale)) if err.size else 0.0
        if (e <= 1.0 and np.all(y_new > -atol)) or h < 1e-10:
            dense.step(t, h, y, F0, y_new, F2)
            t += h
            y = y_new
            F0 = F2
            n_steps += 1
            if stop_when is not None and n_steps % 10 == 0 and stop_when(t, y):
                break
        h *= min(4.0, max(0.2, 0.8 * (1.0 / max(e, 1e-10)) ** (1.0 / 3.0)))
    return y, t, h, dense.out


# -- the state the dynamics reach -----------------------------------------------------------


def relax(state, t0, params: EMTParameters = TIAN2013, t_max: float = 20_000.0,
          return_time: bool = False):
    """The steady state the ODEs reach from ``state`` (shape (..., 9)) at constant T0.

    Integrates (vectorised L-stable Rosenbrock 2(3), rtol 1e-4) until every trajectory is close
    to a *stable* equilibrium, then polishes it with Newton's method; the polished point is
    accepted only if the flow there is already slow, the point is stable and every species is
    within 2 % of where the trajectory is. A trajectory creeping past the ghost of a vanished
    branch is therefore not stopped early. A trajectory not settled by ``t_max`` is returned
    where it is. ``return_time`` also returns the integration time used.
    """
    p = _check_params(params)
    y0 = _check_state(state)
    t0 = _check_t0(t0)
    t_max = inputs.positive("t_max", t_max)
    shape = np.broadcast_shapes(y0.shape[:-1], t0.shape)
    y = np.broadcast_to(y0, shape + (9,)).reshape(-1, 9).copy()
    tt = np.broadcast_to(t0, shape).reshape(-1).copy()
    out, found, t_used = _relax_flat(y, tt, p, t_max)
    res = out.reshape(shape + (9,))
    return (res, t_used) if return_time else res


def _polish_close(yc, tt, p, tol=0.02):
    # cheap test first: Newton is tried only where the flow is already slow
    slow = np.max(np.abs(_rhs(yc, tt, p)) / (np.abs(yc) + 1e-3), axis=-1) < 1e-3
    if not slow.any():
        return yc, slow
    a = np.log(np.maximum(yc[:, _IDX["S"]], 1e-12))
    b = np.log(np.maximum(yc[:, _IDX["Z"]], 1e-12))
    an, bn, ok = _newton(a, b, tt, p, max_iter=30)
    ok &= (np.abs(an - a) < tol) & (np.abs(bn - b) < tol)
    ok &= slow
    ys = _full_state(an, bn, tt, p)
    if ok.any():
        ok &= np.all(np.abs(ys - yc) <= tol * np.abs(ys) + 1e-6, axis=-1)
        ok &= _max_real_eig(ys, tt, p) < 0
    return ys, ok


def _relax_flat(y, tt, p, t_max):
    out = y.copy()
    found = np.zeros(len(y), dtype=bool)
    ys, ok = _polish_close(y, tt, p, tol=1e-6)  # already at a stable steady state?
    out[ok], found[ok] = ys[ok], True
    t_now, h = 0.0, None
    while not found.all() and t_now < t_max - 1e-9:
        idx = np.flatnonzero(~found)
        ya, tta = y[idx], tt[idx]

        def f(t, yy, tta=tta):
            return _rhs(yy, tta, p)

        def stop_when(t, yy, idx=idx, tta=tta):
            ys, ok = _polish_close(yy, tta, p)
            if ok.any():
                out[idx[ok]] = ys[ok]
                found[idx[ok]] = True
                y[idx[ok]] = ys[ok]
            return bool(found[idx].all()) or (ok.any() and not ok.all())  # re-batch the rest

        def jac(yy, tta=tta):
            return _jac(yy, tta, p)

        ya, t_reached, h, _ = _ros23(f, jac, ya, t_now, t_max, h=h, stop_when=stop_when)
        keep = ~found[idx]
        y[idx[keep]] = ya[keep]
        t_now = t_reached
    rest = ~found
    out[rest] = y[rest]  # not settled by t_max: where the trajectory is
    return out, found, t_now


# -- classification -------------------------------------------------------------------------

#: ZEB above _ZEB_CUT: mesenchymal; otherwise SNAIL above _SNAIL_CUT: partial; else epithelial.
#: The cuts lie in the wide gaps between the stable branches (see the notes file); they are
#: labels for a toy model's branches, not measured phenotype boundaries.
_ZEB_CUT = 0.3
_SNAIL_CUT = 0.2


def classify(state) -> np.ndarray:
    """'epithelial', 'partial' or 'mesenchymal' for each state (shape (..., 9)).

    Mesenchymal: ZEB > 0.3 (the ZEB/miR-200 switch is on). Partial: ZEB ≤ 0.3 but SNAIL > 0.2
    (the SNAIL1/miR-34 switch is on). Epithelial: both off. For T0 in [0, 3], with or without
    the autocrine loop, every stable state lies well clear of the cuts: SNAIL ≤ 0.10 (epithelial)
    or ≥ 0.38; ZEB ≤ 0.13 (epithelial, partial) or ≥ 0.58 (mesenchymal). Unstable (saddle)
    states get a label too, but it means nothing for them.
    """
    y = _check_state(state)
    S, Z = y[..., _IDX["S"]], y[..., _IDX["Z"]]
    labels = np.where(Z > _ZEB_CUT, "mesenchymal", np.where(S > _SNAIL_CUT, "partial", "epithelial"))
    return labels if labels.ndim else labels[()]


# -- every steady state at one T0 -----------------------------------------------------------


@dataclass(frozen=True)
class Equilibrium:
    """One steady state: the 9 species, whether it is stable, and its phenotype label."""

    t0: float
    state: np.ndarray
    stable: bool
    phase: str
    max_real_eigenvalue: float

    def __getitem__(self, name: str) -> float:
        return float(self.state[_IDX[name]])


def equilibria(t0, params: EMTParameters = TIAN2013, resolution: int = 160) -> list[Equilibrium]:
    """Every steady state at this T0, by a grid search independent of the continuation.

    The reduced residuals are evaluated on a ``resolution`` × ``resolution`` grid of log SNAIL
    and log ZEB (1e-4 to 30); every grid cell where both change sign seeds Newton's method; the
    roots are de-duplicated. Sorted by ZEB, then SNAIL.
    """
    p = _check_params(params)
    t0 = _check_scalar_t0(t0)
    if isinstance(resolution, bool) or not isinstance(resolution, numbers.Integral) or resolution < 20:
        raise EMTInputError(f"resolution must be an integer >= 20, got {resolution!r}")
    grid = np.linspace(np.log(1e-4), np.log(30.0), int(resolution))
    A, B = np.meshgrid(grid, grid, indexing="ij")
    g1, g2 = _residual(A, B, t0, p)

    def changes(g):
        s = np.sign(g)
        c = s[:-1, :-1]
        return (c != s[1:, :-1]) | (c != s[:-1, 1:]) | (c != s[1:, 1:])

    cells = np.argwhere(changes(g1) & changes(g2))
    step = grid[1] - grid[0]
    seeds_a = grid[cells[:, 0]] + step / 2
    seeds_b = grid[cells[:, 1]] + step / 2
    a, b, ok = _newton(seeds_a, seeds_b, t0, p)
    roots: list[tuple[float, float]] = []
    for ai, bi in zip(a[ok], b[ok]):
        if not any(abs(ai - ra) < 1e-6 and abs(bi - rb) < 1e-6 for ra, rb in roots):
            roots.append((float(ai), float(bi)))
    roots.sort(key=lambda r: (r[1], r[0]))
    if not roots:
        return []
    ra, rb = np.array(roots).T
    states = _full_state(ra, rb, t0, p)
    lam = _max_real_eig(states, t0, p)
    phases = classify(states)
    return [Equilibrium(t0, states[i], bool(lam[i] < 0), str(phases[i]), float(lam[i]))
            for i in range(len(roots))]


def _epithelial_seed(p, t0):
    """The epithelial steady state at T0 (Newton from low SNAIL and ZEB; must exist)."""
    a, b, ok = _newton(np.log(1e-3), np.log(1e-2), t0, p)
    if not ok:
        raise RuntimeError("no epithelial steady state found")
    return _full_state(a, b, t0, p)


# -- the branch of steady states versus T0 (pseudo-arclength continuation) ------------------


@dataclass(frozen=True)
class Branch:
    """Steady states along the continuation curve, in order of arclength.

    ``t0`` (n,), ``states`` (n, 9), ``stable`` (n,), ``phase`` (n,); ``folds`` holds the
    (T0, state) of every fold (saddle-node) on the curve, refined to ~1e-10.
    """

    t0: np.ndarray
    states: np.ndarray
    stable: np.ndarray
    phase: np.ndarray
    folds: tuple[tuple[float, np.ndarray], ...]
    fold_index: tuple[int, ...]  # index in t0/states just before each fold

    def readout(self, name: str) -> np.ndarray:
        return self.states[:, _IDX[name]]


def _tangent(jac):
    t = np.cross(jac[0], jac[1])
    return t / np.linalg.norm(t)


def _corrector(x, t_dir, x_pred, p, max_iter=12, tol=1e-11):
    x = x_pred.copy()
    for it in range(max_iter):
        g1, g2, jac = _residual(x[0], x[1], x[2], p, with_jacobian=True)
        F = np.array([g1, g2, np.dot(t_dir, x - x_pred)])
        if not np.all(np.isfinite(F)):
            return None, it
        if max(abs(F[0]), abs(F[1])) < tol and it > 0:
            return x, it
        M = np.vstack([jac, t_dir])
        try:
            dx = np.linalg.solve(M, -F)
        except np.linalg.LinAlgError:
            return None, it
        x = x + dx
        if np.linalg.norm(dx) < 1e-13:
            return x, it
    g1, g2 = _residual(x[0], x[1], x[2], p)
    return (x, max_iter) if max(abs(g1), abs(g2)) < 1e-9 else (None, max_iter)


def _refine_fold(x, p):
    """Solve g = 0 and det(∂g/∂(a, b)) = 0 for (a, b, T0) by Newton from x."""
    def aug(v):
        g1, g2, jac = _residual(v[0], v[1], v[2], p, with_jacobian=True)
        return np.array([g1, g2, np.linalg.det(jac[:, :2])])

    v = x.copy()
    for _ in range(30):
        F = aug(v)
        M = np.empty((3, 3))
        for k in range(3):
            e = np.zeros(3)
            e[k] = 1e-7
            M[:, k] = (aug(v + e) - aug(v - e)) / 2e-7
        try:
            dv = np.linalg.solve(M, -F)
        except np.linalg.LinAlgError:
            break
        v = v + dv
        if np.linalg.norm(dv) < 1e-12:
            break
    return v


def branch_curve(params: EMTParameters = TIAN2013, t0_max: float = T0_MAX,
                 t0_min: float = -2.0, h_max: float = 0.05) -> Branch:
    """Trace the curve of steady states from the epithelial state at T0 = 0 up to T0 = t0_max.

    Pseudo-arclength continuation in (log SNAIL, log ZEB, T0). T0 may go below zero on the way
    (the mesenchymal branch of the intact circuit folds back at a negative T0); those points are
    formal (negative exogenous TGF-β) and are kept only to locate the fold. Stops when T0 leaves
    [t0_min, t0_max + 0.05].
    """
    p = _check_params(params)
    t0_max = inputs.positive("t0_max", t0_max)
    e = _epithelial_seed(p, 0.0)
    x = np.array([np.log(e[_IDX["S"]]), np.log(e[_IDX["Z"]]), 0.0])
    _, _, jac = _residual(x[0], x[1], x[2], p, with_jacobian=True)
    t_dir = _tangent(jac)
    if t_dir[2] < 0:
        t_dir = -t_dir
    pts = [x]
    h = 0.01
    for _ in range(20_000):
        x_pred = x + h * t_dir
        x_new, iters = _corrector(x, t_dir, x_pred, p)
        if x_new is None or np.linalg.norm(x_new - x) > 3 * h:
            h /= 2
            if h < 1e-7:
                raise RuntimeError("continuation failed")
            continue
        _, _, jac = _residual(x_new[0], x_new[1], x_new[2], p, with_jacobian=True)
        t_new = _tangent(jac)
        if np.dot(t_new, t_dir) < 0:
            t_new = -t_new
        x, t_dir = x_new, t_new
        pts.append(x)
        if iters <= 3:
            h = min(h * 1.5, h_max)
        elif iters > 6:
            h = max(h / 2, 1e-6)
        if x[2] > t0_max + 0.05 or x[2] < t0_min:
            break
    X = np.array(pts)
    # folds: sign changes of dT0/ds, i.e. turning points of T0 along the curve
    dT = np.diff(X[:, 2])
    turn = np.flatnonzero(np.sign(dT[1:]) != np.sign(dT[:-1])) + 1
    folds, fold_index = [], []
    for k in turn:
        v = _refine_fold(X[k], p)
        folds.append((float(v[2]), _full_state(v[0], v[1], v[2], p)))
        fold_index.append(int(k))
    states = _full_state(X[:, 0], X[:, 1], X[:, 2], p)
    lam = _max_real_eig(states, X[:, 2], p)
    return Branch(t0=X[:, 2], states=states, stable=lam < 0, phase=classify(states),
                  folds=tuple(folds), fold_index=tuple(fold_index))


# -- stable pieces, sweeps, thresholds --------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    t0: np.ndarray  # increasing
    a: np.ndarray
    b: np.ndarray
    phase: str
    lo: float  # T0 at its lower end (a fold, or the curve's end)
    hi: float
    lo_is_fold: bool
    hi_is_fold: bool


def _stable_pieces(branch: Branch, p) -> list[_Piece]:
    """Split the curve at its folds; keep the stable, monotone pieces (sorted by T0)."""
    cuts = [0] + [k for k in branch.fold_index] + [len(branch.t0) - 1]
    fold_t0 = [f[0] for f in branch.folds]
    fold_states = [f[1] for f in branch.folds]
    pieces = []
    for j in range(len(cuts) - 1):
        i0, i1 = cuts[j], cuts[j + 1]
        idx = np.arange(i0, i1 + 1)
        t0, st = branch.t0[idx], branch.states[idx]
        stab = branch.stable[idx]
        inner = stab[1:-1] if len(stab) > 2 else stab  # the end points sit on folds (λ ≈ 0)
        if not inner.any():
            continue  # an unstable (saddle) piece
        if not inner.all():
            # stability changing away from a fold (e.g. at a Hopf point) would need other handling
            raise RuntimeError("stability changes inside a monotone piece of the curve")
        # add the refined fold points at the ends
        t0l, stl = list(t0), list(st)
        lo_fold = j > 0
        hi_fold = j < len(cuts) - 2
        if lo_fold:
            t0l[0], stl[0] = fold_t0[j - 1], fold_states[j - 1]
        if hi_fold:
            t0l[-1], stl[-1] = fold_t0[j], fold_states[j]
        t0a, sta = np.array(t0l), np.array(stl)
        order = np.argsort(t0a)
        t0a, sta = t0a[order], sta[order]
        lo_is_fold = lo_fold if t0[0] < t0[-1] else hi_fold
        hi_is_fold = hi_fold if t0[0] < t0[-1] else lo_fold
        mid = sta[len(sta) // 2]
        pieces.append(_Piece(t0=t0a, a=np.log(sta[:, _IDX["S"]]), b=np.log(sta[:, _IDX["Z"]]),
                             phase=str(classify(mid)), lo=float(t0a[0]), hi=float(t0a[-1]),
                             lo_is_fold=lo_is_fold, hi_is_fold=hi_is_fold))
    pieces.sort(key=lambda q: (q.lo, q.hi))
    return pieces


def _piece_states(piece: _Piece, t0, p):
    """Steady states on a stable piece at T0 values inside it: interpolation + Newton polish."""
    t0 = np.asarray(t0, dtype=float)
    a0 = np.interp(t0, piece.t0, piece.a)
    b0 = np.interp(t0, piece.t0, piece.b)
    a, b, ok = _newton(a0, b0, t0, p, max_iter=20, max_step=0.05)
    good = ok & (np.abs(a - a0) < 0.05) & (np.abs(b - b0) < 0.05)
    if good.any():  # never swap the stable branch for the saddle next to it near a fold
        good &= _max_real_eig(_full_state(a, b, t0, p), t0, p) <= 1e-9
    a = np.where(good, a, a0)
    b = np.where(good, b, b0)
    return _full_state(a, b, t0, p)


def _which_piece(pieces, state, t0):
    """The stable piece that holds ``state`` at ``t0`` (nearest in log SNAIL, log ZEB)."""
    a, b = np.log(state[_IDX["S"]]), np.log(state[_IDX["Z"]])
    best, best_d = None, np.inf
    for q in pieces:
        if q.lo - 1e-9 <= t0 <= q.hi + 1e-9:
            d = np.hypot(np.interp(t0, q.t0, q.a) - a, np.interp(t0, q.t0, q.b) - b)
            if d < best_d:
                best, best_d = q, d
    if best is None or best_d > 0.1:
        raise RuntimeError(f"no stable branch holds the relaxed state at T0 = {t0}")
    return best


@dataclass(frozen=True)
class Jump:
    """A discontinuous transition of a quasi-static sweep: at T0 the branch ``source`` ends."""

    t0: float
    source: str
    target: str


@dataclass(frozen=True)
class Thresholds:
    """Where the sweeps jump, found numerically.

    ``up`` and ``down`` list the jumps of the up-sweep (epithelial start at T0 = 0) and the
    down-sweep (mesenchymal start at ``t0_max``). The named fields are the folds that end each
    stable branch: ``epithelial_to_partial`` (top of the epithelial branch),
    ``partial_to_mesenchymal`` (top of the partial branch), ``partial_to_epithelial`` (bottom of
    the partial branch: the reversible SNAIL1/miR-34 switch going back), and
    ``mesenchymal_lower_fold`` (bottom of the mesenchymal branch; negative means that withdrawing
    exogenous TGF-β cannot undo the mesenchymal state: an irreversible switch).
    ``mesenchymal_to_partial`` is that fold if it is ≥ 0, else None.
    """

    up: tuple[Jump, ...]
    down: tuple[Jump, ...]
    epithelial_to_partial: float | None
    partial_to_mesenchymal: float | None
    partial_to_epithelial: float | None
    mesenchymal_lower_fold: float | None
    mesenchymal_to_partial: float | None
    irreversible: bool


#: How far past a fold the jump is integrated (T0 units); never more than half the distance
#: to any other fold, so the landing branch is the one the sweep meets just past the fold.
_JUMP_OFFSET = 0.02


def _sweep_pieces(pieces, start_piece, direction, t0_lo, t0_hi, p, fold_t0s):
    """Follow stable pieces as T0 moves; at each fold integrate the ODEs to the next piece."""
    path = []  # (piece, lower T0, upper T0) covered by the sweep on that piece
    jumps = []
    q = start_piece
    t_enter = t0_lo if direction == "up" else t0_hi
    for _ in range(10):
        if direction == "up":
            if q.hi >= t0_hi or not q.hi_is_fold:
                path.append((q, t_enter, t0_hi))
                break
            t_leave = q.hi
        else:
            if q.lo <= t0_lo or not q.lo_is_fold:
                path.append((q, t0_lo, t_enter))
                break
            t_leave = q.lo
        others = [abs(f - t_leave) for f in fold_t0s if abs(f - t_leave) > 1e-9]
        offset = min([_JUMP_OFFSET] + [o / 2 for o in others])
        t_next = t_leave + offset if direction == "up" else t_leave - offset
        fold_state = _piece_states(q, t_leave, p)
        path.append((q, t_enter, t_leave) if direction == "up" else (q, t_leave, t_enter))
        landed, found, _ = _relax_flat(fold_state[None, :].copy(), np.array([t_next]), p, 50_000.0)
        if not found[0]:
            raise RuntimeError(f"the jump at T0 = {t_leave:.4f} did not settle")
        q_new = _which_piece(pieces, landed[0], t_next)
        jumps.append(Jump(t0=float(t_leave), source=q.phase, target=q_new.phase))
        q, t_enter = q_new, t_leave
    return path, jumps


@dataclass(frozen=True)
class Diagram:
    """A bifurcation diagram: quasi-static up- and down-sweeps plus the whole curve.

    ``t0`` (n,) is the grid of the sweeps; ``up`` and ``down`` (n, 9) the state of each sweep at
    each T0; ``up_phase`` and ``down_phase`` their labels; ``branch`` the continuation curve
    (stable and unstable parts) and ``thresholds`` the jumps. ``precompute_seconds`` is the
    wall-clock time the diagram took.
    """

    params: EMTParameters
    t0: np.ndarray
    up: np.ndarray
    down: np.ndarray
    up_phase: np.ndarray
    down_phase: np.ndarray
    branch: Branch
    thresholds: Thresholds
    precompute_seconds: float
    _pieces: tuple = field(repr=False, default=())
    _paths: dict = field(repr=False, default_factory=dict)

    def readout(self, name: str, direction: str = "up") -> np.ndarray:
        """One species along a sweep, e.g. ``diagram.readout("E", "down")``."""
        if name not in _IDX:
            raise EMTInputError(f"unknown species {name!r}; choose from {SPECIES}")
        d = _check_direction(direction)
        return (self.up if d == "up" else self.down)[:, _IDX[name]]

    def state_at(self, t0, direction: str = "up") -> np.ndarray:
        """The exact steady state of a sweep at any T0 in [0, t0 max] (Newton-polished)."""
        t0 = _check_scalar_t0(t0)
        d = _check_direction(direction)
        if t0 > self.t0[-1] + 1e-12:
            raise EMTInputError(f"T0 must be at most {self.t0[-1]:g} here, got {t0}")
        for q, lo, hi in self._paths[d]:
            # on a jump T0 the sweep has already left the old branch
            inside = (lo <= t0 < hi) if d == "up" else (lo < t0 <= hi)
            if inside or (d == "up" and t0 == hi == self.t0[-1]) or (d == "down" and t0 == lo == 0.0):
                return _piece_states(q, t0, self.params)
        raise RuntimeError(f"no branch covers T0 = {t0}")  # pragma: no cover


def _build_diagram(p: EMTParameters, t0_max: float, n: int) -> Diagram:
    start = time.perf_counter()
    br = branch_curve(p, t0_max=t0_max)
    pieces = _stable_pieces(br, p)
    grid = np.linspace(0.0, t0_max, n)
    # start of the up-sweep: the epithelial piece at T0 = 0; of the down-sweep: the mesenchymal
    # piece at t0_max (the only stable state there for the source's parameters)
    e0 = _epithelial_seed(p, 0.0)
    up_start = _which_piece(pieces, e0, 0.0)
    at_top = [q for q in pieces if q.lo <= t0_max <= q.hi]
    mes = [q for q in at_top if q.phase == "mesenchymal"]
    if not mes:
        raise RuntimeError("no mesenchymal state at t0_max; raise t0_max")
    down_start = mes[-1]
    paths, jumps, sweeps = {}, {}, {}
    for d, q0 in (("up", up_start), ("down", down_start)):
        path, jl = _sweep_pieces(pieces, q0, d, 0.0, t0_max, p, [f[0] for f in br.folds])
        paths[d], jumps[d] = path, jl
        states = np.empty((n, 9))
        for q, lo, hi in path:
            if d == "up":
                m = (grid >= lo) & ((grid < hi) | (hi == t0_max))
            else:
                m = (grid <= hi) & ((grid > lo) | (lo == 0.0))
            if m.any():
                states[m] = _piece_states(q, grid[m], p)
        sweeps[d] = states

    def top(phase):
        c = [q.hi for q in pieces if q.phase == phase and q.hi_is_fold]
        return float(min(c)) if c else None

    def bottom(phase):
        c = [q.lo for q in pieces if q.phase == phase and q.lo_is_fold]
        return float(max(c)) if c else None

    m_low = bottom("mesenchymal")
    th = Thresholds(
        up=tuple(jumps["up"]), down=tuple(jumps["down"]),
        epithelial_to_partial=top("epithelial"),
        partial_to_mesenchymal=top("partial"),
        partial_to_epithelial=bottom("partial"),
        mesenchymal_lower_fold=m_low,
        mesenchymal_to_partial=m_low if (m_low is not None and m_low >= 0) else None,
        irreversible=(m_low is None or m_low < 0),
    )
    arrays = [grid, sweeps["up"], sweeps["down"], classify(sweeps["up"]), classify(sweeps["down"]),
              br.t0, br.states, br.stable, br.phase]
    for arr in arrays:  # the diagram is cached and shared: nobody may edit it in place
        arr.flags.writeable = False
    return Diagram(params=p, t0=grid, up=arrays[1], down=arrays[2], up_phase=arrays[3],
                   down_phase=arrays[4], branch=br, thresholds=th,
                   precompute_seconds=time.perf_counter() - start,
                   _pieces=tuple(pieces), _paths=paths)


@functools.lru_cache(maxsize=16)
def _cached_diagram(p: EMTParameters, t0_max: float, n: int) -> Diagram:
    return _build_diagram(p, t0_max, n)


def bifurcation_diagram(params: EMTParameters = TIAN2013, t0_max: float = T0_MAX,
                        n: int = 301) -> Diagram:
    """Up-sweep, down-sweep and the full curve of steady states for T0 in [0, t0_max].

    Cached per (params, t0_max, n): the first call costs ~0.1–0.5 s, later calls nothing.
    """
    p = _check_params(params)
    t0_max = inputs.positive("t0_max", t0_max)
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 2:
        raise EMTInputError(f"n must be an integer >= 2, got {n!r}")
    return _cached_diagram(p, float(t0_max), int(n))


def thresholds(params: EMTParameters = TIAN2013) -> Thresholds:
    """The T0 values where the quasi-static sweeps jump (see :class:`Thresholds`)."""
    return bifurcation_diagram(params).thresholds


def quasi_static_sweep(t0_values, start, params: EMTParameters = TIAN2013,
                       t_max: float = 20_000.0) -> np.ndarray:
    """The literal protocol: at each T0 in turn, relax the ODEs from the previous steady state.

    Independent of the continuation (integration plus Newton polish at each step); slower.
    Returns the states, shape (len(t0_values), 9).
    """
    p = _check_params(params)
    t0s = _check_t0(t0_values)
    if t0s.ndim != 1:
        raise EMTInputError("t0_values must be a 1-D sequence")
    y = _check_state(start, "start")
    if y.shape != (9,):
        raise EMTInputError(f"start must be one state of shape (9,), got {y.shape}")
    out = np.empty((len(t0s), 9))
    for k, t0 in enumerate(t0s):
        y = relax(y, float(t0), p, t_max=t_max)
        out[k] = y
    return out


# -- time courses ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StepProtocol:
    """A piecewise-constant T0(t): ``values[i]`` from ``times[i]`` until ``times[i + 1]``."""

    times: tuple[float, ...]
    values: tuple[float, ...]

    def __post_init__(self):
        if len(self.times) != len(self.values) or not self.times:
            raise EMTInputError("a step protocol needs as many start times as values (at least 1)")
        times = [inputs.number("protocol time", t) for t in self.times]
        if any(b <= a for a, b in zip(times, times[1:])):
            raise EMTInputError("protocol times must increase")
        _check_t0(list(self.values), "protocol T0")

    def __call__(self, t):
        t = np.asarray(t, dtype=float)
        k = np.searchsorted(np.asarray(self.times), t, side="right") - 1
        return np.asarray(self.values)[np.clip(k, 0, len(self.values) - 1)]

    @property
    def breakpoints(self) -> tuple[float, ...]:
        return self.times[1:]


def pulse(t0: float, duration: float, start: float = 0.0, before: float = 0.0,
          after: float = 0.0) -> StepProtocol:
    """T0 = ``before`` until ``start``, ``t0`` for ``duration``, then ``after`` (default 0)."""
    t0 = _check_scalar_t0(t0, "pulse T0")
    duration = inputs.positive("pulse duration", duration)
    start = inputs.number("pulse start", start)
    if start < 0:
        raise EMTInputError(f"pulse start cannot be negative, got {start}")
    before = _check_scalar_t0(before, "T0 before the pulse")
    after = _check_scalar_t0(after, "T0 after the pulse")
    if start == 0:
        return StepProtocol((0.0, duration), (t0, after))
    return StepProtocol((0.0, start, start + duration), (before, t0, after))


@dataclass(frozen=True)
class TimeCourse:
    """A trajectory: times (n,), states (n, ..., 9), T0 at each time (n, ...), labels."""

    t: np.ndarray
    states: np.ndarray
    t0: np.ndarray
    phase: np.ndarray

    def readout(self, name: str) -> np.ndarray:
        if name not in _IDX:
            raise EMTInputError(f"unknown species {name!r}; choose from {SPECIES}")
        return self.states[..., _IDX[name]]


def time_course(protocol, t, initial="epithelial", params: EMTParameters = TIAN2013,
                method: str = "dopri5", rtol: float | None = None,
                atol: float | None = None) -> TimeCourse:
    """Integrate the nine ODEs under a T0(t) protocol.

    ``protocol``: a number (constant T0), a :class:`StepProtocol` (e.g. from :func:`pulse`), or a
    callable t -> T0 (smooth; for steps use a StepProtocol so each step is integrated exactly).
    ``t``: the output times (increasing, starting at the initial time), or a single end time
    (then 401 points from 0). ``initial``: a state (shape (..., 9), many cells at once) or
    "epithelial" (the untreated cell: the epithelial steady state at T0 = 0).
    ``method``: "dopri5" (NumPy Dormand–Prince 5(4); default rtol 1e-8, atol 1e-10),
    "rosenbrock" (NumPy L-stable Rosenbrock 2(3), faster over long settled stretches; default
    rtol 1e-6, atol 1e-9; piecewise-constant protocols only) or any scipy.integrate.solve_ivp
    method name such as "LSODA" or "BDF" (needs SciPy, which is not in requirements.txt; one
    cell at a time). Output between steps is cubic Hermite interpolation.
    """
    p = _check_params(params)
    if not isinstance(method, str):
        raise EMTInputError(f"method must be a string, got {method!r}")
    rtol_default, atol_default = (1e-6, 1e-9) if method == "rosenbrock" else (1e-8, 1e-10)
    rtol = rtol_default if rtol is None else inputs.positive("rtol", rtol)
    atol = atol_default if atol is None else inputs.positive("atol", atol)
    piecewise = True
    if isinstance(protocol, StepProtocol):
        proto, breaks = protocol, protocol.breakpoints
    elif callable(protocol):
        proto, breaks, piecewise = protocol, (), False
        if method == "rosenbrock":
            raise EMTInputError("method 'rosenbrock' needs a piecewise-constant protocol "
                                "(a number or a StepProtocol)")
    else:
        value = _check_scalar_t0(protocol, "protocol T0")
        proto, breaks = (lambda tt, v=value: np.full(np.shape(tt), v)), ()
    t = np.asarray(t, dtype=float)
    if t.ndim == 0:
        t_end = inputs.positive("end time", float(t))
        t = np.linspace(0.0, t_end, 401)
    if t.ndim != 1 or len(t) < 2 or not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
        raise EMTInputError("t must be an increasing 1-D array of at least 2 finite times")
    t0_start = np.asarray(proto(t[0]), dtype=float)
    _check_t0(t0_start, "protocol T0")
    if isinstance(initial, str):
        if initial != "epithelial":
            raise EMTInputError(f"initial must be a state array or 'epithelial', got {initial!r}")
        y = _epithelial_seed(p, 0.0)  # the untreated cell: exact steady state at T0 = 0
    else:
        y = _check_state(initial, "initial")
    batch = y.shape[:-1]
    out = np.empty((len(t),) + y.shape)
    out[0] = y

    if method in ("dopri5", "rosenbrock"):
        cuts = sorted(set(float(b) for b in breaks if t[0] < b < t[-1]))
        edges = [float(t[0])] + cuts + [float(t[-1])]
        h = None
        for lo, hi in zip(edges[:-1], edges[1:]):
            # the protocol's value inside this piece: a step is never straddled
            v = np.asarray(proto(0.5 * (lo + hi)), dtype=float)
            m = (t > lo) & (t <= hi)
            if not piecewise:  # a smooth T0(t): evaluated at every stage
                y, _, h, ys = _dopri(lambda tt, yy: _rhs(yy, np.asarray(proto(tt), dtype=float), p),
                                     y, lo, hi, rtol=rtol, atol=atol, h=h, t_eval=t[m])
            elif method == "dopri5":
                y, _, h, ys = _dopri(lambda tt, yy, v=v: _rhs(yy, v, p), y, lo, hi, rtol=rtol,
                                     atol=atol, h=h, t_eval=t[m])
            else:
                y, _, h, ys = _ros23(lambda tt, yy, v=v: _rhs(yy, v, p),
                                     lambda yy, v=v: _jac(yy, v, p), y, lo, hi, rtol=rtol,
                                     atol=atol, h=h, t_eval=t[m])
            out[m] = ys
    else:
        try:
            from scipy.integrate import solve_ivp
        except ImportError as err:  # pragma: no cover - depends on the environment
            raise EMTInputError(f"method {method!r} needs SciPy, which is not installed") from err
        if batch:
            raise EMTInputError("scipy methods integrate one cell at a time (initial of shape (9,))")
        cuts = sorted(set(float(b) for b in breaks if t[0] < b < t[-1]))
        edges = [float(t[0])] + cuts + [float(t[-1])]
        yc = y.copy()
        for lo, hi in zip(edges[:-1], edges[1:]):
            v = float(np.asarray(proto(0.5 * (lo + hi))))
            m = (t > lo) & (t <= hi)
            if piecewise:
                def fun(tt, yy, v=v):
                    return _rhs(yy, v, p)
            else:
                def fun(tt, yy):
                    return _rhs(yy, float(np.asarray(proto(tt))), p)
            sol = solve_ivp(fun, (lo, hi), yc, method=method, dense_output=True,
                            rtol=rtol, atol=atol)
            if not sol.success:
                raise RuntimeError(f"solve_ivp failed: {sol.message}")
            if m.any():
                out[m] = sol.sol(t[m]).T
            yc = sol.y[:, -1]
    t0_trace = np.stack([np.broadcast_to(np.asarray(proto(tt), dtype=float), batch) for tt in t])
    return TimeCourse(t=t, states=out, t0=t0_trace, phase=classify(np.maximum(out, 0.0)))


# -- the explorer's model -------------------------------------------------------------------


def explorer_model(t0: float, direction: str = "up", autocrine_loop: bool = True) -> dict:
    """The precomputed diagram and the state on the chosen sweep at this T0 (fast).

    Returns a dict: ``diagram`` (a :class:`Diagram`, cached after the first call), ``t0``,
    ``direction``, ``state`` (9 species, Newton-polished), ``phase``, ``species`` (name -> value)
    and ``thresholds``. T0 must be in [0, T0_MAX].
    """
    t0 = _check_scalar_t0(t0)
    d = _check_direction(direction)
    if not isinstance(autocrine_loop, bool):
        raise EMTInputError(f"autocrine_loop must be True or False, got {autocrine_loop!r}")
    if t0 > T0_MAX:
        raise EMTInputError(f"T0 must be in [0, {T0_MAX:g}] for the explorer, got {t0}")
    diagram = bifurcation_diagram(TIAN2013 if autocrine_loop else NO_AUTOCRINE_LOOP)
    state = diagram.state_at(t0, d)
    return {
        "diagram": diagram,
        "t0": t0,
        "direction": d,
        "state": state,
        "phase": str(classify(state)),
        "species": {name: float(state[i]) for i, name in enumerate(SPECIES)},
        "thresholds": diagram.thresholds,
    }


def _report() -> str:  # pragma: no cover - exercised by hand: python -m metastasis.models.emt_switch
    lines = []
    for name, p in (("with the autocrine loop (Tian et al. 2013 parameters)", TIAN2013),
                    ("without the loop (k_T = 0)", NO_AUTOCRINE_LOOP),
                    ("without the loop (TGF-β production clamped at its epithelial value)",
                     without_loop_clamped())):
        _cached_diagram.cache_clear()
        start = time.perf_counter()
        d = bifurcation_diagram(p)
        secs = time.perf_counter() - start
        th = d.thresholds
        lines.append(f"{name}:  (precompute {secs:.2f} s)")
        lines.append("  up-sweep jumps:   " + (", ".join(f"{j.source}->{j.target} at T0 = {j.t0:.4f}" for j in th.up) or "none"))
        lines.append("  down-sweep jumps: " + (", ".join(f"{j.source}->{j.target} at T0 = {j.t0:.4f}" for j in th.down) or "none"))
        lines.append(f"  folds: E top {th.epithelial_to_partial:.4f}, P top {th.partial_to_mesenchymal:.4f}, "
                     f"P bottom {th.partial_to_epithelial:.4f}, M bottom {th.mesenchymal_lower_fold:.4f}"
                     f"  -> {'irreversible' if th.irreversible else 'reversible'}")
    bifurcation_diagram(TIAN2013)
    times = []
    for v in np.linspace(0, T0_MAX, 101):
        s = time.perf_counter()
        explorer_model(float(v), "up" if v < 1.5 else "down")
        times.append(time.perf_counter() - s)
    lines.append(f"explorer_model: median {1e3 * np.median(times):.2f} ms per call")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(_report())
