// Shim over GNU GSL for Swift.
//
// GSL exposes its generator types as mutable `extern const gsl_rng_type *` globals,
// which Swift 6 strict concurrency refuses to read. The static inline accessors below
// return them by value, so Swift never touches the globals directly.
#ifndef AMBSIM_CGSL_SHIM_H
#define AMBSIM_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_qrng.h>

/// Mersenne Twister MT19937 (Matsumoto & Nishimura 1998), GSL's default generator.
static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }
/// RANLUX second-generation, luxury level 2 (Luescher 1994): slow but proven decorrelation.
static inline const gsl_rng_type *cgsl_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }
/// Tausworthe maximally equidistributed generator (L'Ecuyer 1996).
static inline const gsl_rng_type *cgsl_rng_taus2(void) { return gsl_rng_taus2; }

/// Nelder-Mead simplex minimiser, GSL's second version (gsl_multimin_fminimizer_nmsimplex2:
/// O(N) per iteration, size computed incrementally).
static inline const gsl_multimin_fminimizer_type *cgsl_multimin_nmsimplex2(void) { return gsl_multimin_fminimizer_nmsimplex2; }

/// Brent-Dekker bracketing root solver (gsl_root_fsolver_brent): bisection, secant and
/// inverse quadratic interpolation, never leaving its bracket.
static inline const gsl_root_fsolver_type *cgsl_root_brent(void) { return gsl_root_fsolver_brent; }

/// Sobol's quasi-random sequence (gsl_qrng_sobol; Antonov & Saleev 1979), up to 40
/// dimensions: space-filling design points.
static inline const gsl_qrng_type *cgsl_qrng_sobol(void) { return gsl_qrng_sobol; }

/// Turns GSL's default error handler (which calls abort()) off; status codes are
/// returned to the caller instead. Idempotent.
static inline void cgsl_disable_abort_on_error(void) { gsl_set_error_handler_off(); }

#endif
