// Holt's linear-trend exponential smoothing (optionally damped) and the threshold-breach forecast
// behind `forecast()` (docs/health.md).
//
// Model (error-correction form, classical smoothing parameters α, β ∈ [0, 1], damping φ):
//
//   one-step forecast   ŷ_t = ℓ_{t−1} + φ·b_{t−1},          e_t = y_t − ŷ_t
//   level               ℓ_t = ℓ_{t−1} + φ·b_{t−1} + α·e_t
//   trend               b_t = φ·b_{t−1} + α·β·e_t           (≡ β(ℓ_t − ℓ_{t−1}) + (1 − β)·φ·b_{t−1})
//   h-step forecast     ŷ_{n+h} = ℓ_n + (φ + φ² + … + φ^h)·b_n
//
// φ = 1 for the undamped model; φ ∈ [0.8, 0.98] for the damped one.
//
// Initial state: ℓ_0 = y_0 and b_0 = the mean of the first k differences, (y_k − y_0)/k with
// k = min(n − 1, max(2, ⌊n/4⌋)) ("the first few": a quarter of the series, at least two, so that a
// single noisy step does not set a trend that persists for the whole fit). Initial states are
// NOT optimised; they count for nothing in the information criterion below.
//
// Parameter choice: minimise the one-step-ahead SSE = Σ_{t=1}^{n−1} e_t² (y_0 gives no residual).
//   1. a fixed grid: α ∈ {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1}, β ∈ {0, 0.01, 0.05, 0.1, 0.2, 0.4,
//      0.7, 1}, and for the damped model φ ∈ {0.8, 0.85, 0.9, 0.95, 0.98};
//   2. Nelder–Mead from the best grid point (initial simplex: +0.1 per coordinate, reflected into the
//      box when that leaves it), the objective evaluated at the parameters clamped to the box
//      α ∈ [1e-4, 1], β ∈ [0, 1], φ ∈ [0.8, 0.98]; at most 400 iterations, stop when the simplex
//      values agree to 1e-14 relative. The result is the clamped best vertex, never worse than the
//      grid. Everything is deterministic (no random restarts).
//
// residualStd σ = sqrt(SSE / max(1, m − k)), m = n − 1 residuals, k = 2 (α, β) or 3 (α, β, φ).
//
// Selection (forecastBreach): both models are fitted and the one with the smaller
//   AIC = m·ln(SSE/m) + 2k      (SSE/m floored at 1e-300 so an exact line stays finite)
// is used; a tie goes to the undamped model (fewer parameters).
//
// Prediction interval (95%, z = 1.959964, Gaussian one-step errors): Var(h) = σ²·(1 + Σ_{j=1}^{h−1} c_j²)
//   undamped  c_j = α(1 + jβ)                              (Hyndman et al. 2008, ETS(A,A,N))
//   damped    c_j = α(1 + β·(φ + φ² + … + φ^j))            (ETS(A,Ad,N)); φ = 1 gives the former.
//
// Breach (forecastBreach): direction "below" — the point forecast reaches the threshold when it is
// ≤ threshold; "above" — when it is ≥ threshold (reaching the threshold counts, as the `<=`/`>=` alert
// rules do). expectedBreachAt is the END of the first forecast window whose point forecast reaches
// the threshold — not interpolated: alerts are evaluated once per closed window, so the end of
// the window is the first moment the breach could be observed. Forecast window h (h = 1, 2, …)
// is [E + (h−1)·windowMs, E + h·windowMs] with E = the end of the last window with data; the windows
// whose end is ≤ E + horizonMs are forecast.
//
// Values are fitted in units scaled by a power of two when they exceed 2^500 (finite-math.ts), and
// forecasts beyond float64 are clamped to ±Number.MAX_VALUE: no output is ever infinite.
//
// Observed points are treated as consecutive steps of the series: a gap between windows (windows
// with no data) is not filled, the next point is simply the next step.
//
// The fit and the forecast path are holt-smoothing.ts; the breach forecast is forecast-breach.ts.
export * from "./holt-smoothing.js";
export * from "./forecast-breach.js";
