// SPDX-License-Identifier: GPL-3.0-or-later
// The guesser's weights and thresholds in one table. Scores are natural-log likelihoods: adding
// 2.3 makes a hypothesis ten times as likely, so a weight of 12 is decisive and one of 2 a nudge.
// The limits on how many alternatives are searched trade time (a framing search costs seconds)
// against readings that a small gap in score would otherwise drop. The values were set on the
// guess corpus (../shared/corpus, tests/core/test_guess_corpus.cpp) and the fixture suites
// (tests/fixtures/guess); changing one changes rankings, so those tests are the judges.
#pragma once

#include <cstddef>

namespace phaselab::guess_scoring {

// --- Storage readings (raw dtype, byte order, layout, header) -------------------------------
/// Storage readings searched at most: each costs a framing search (seconds), and the budget
/// (guess.hpp: about 10 s for a 10 MB pair) allows three.
inline constexpr std::size_t kMaxStorages = 3;
/// A reading within this of the best is searched when a phase (or complex values) can confirm
/// it: consistency then decides, so a wider net costs little accuracy.
inline constexpr double kStorageGapWithPhase = 8.0;
/// Without phase only close readings: each costs a full search for weak evidence.
inline constexpr double kStorageGapWithoutPhase = 3.0;

// --- Magnitude scales (linear, power, dB, log) ----------------------------------------------
/// Scales tried per reading: with phase the consistency tells scales apart, so more are worth it.
inline constexpr std::size_t kMaxScalesWithPhase = 4;
inline constexpr std::size_t kMaxScalesWithoutPhase = 2;
/// A scale within this of the best scale is searched (with phase, consistency can overrule it).
inline constexpr double kScaleGapWithPhase = 12.0;
inline constexpr double kScaleGapWithoutPhase = 4.0;

// --- Bin layouts (one-sided, two-sided, Nyquist dropped) ------------------------------------
/// Bins k and n-k agreeing this closely (dB of mismatch) are mirror images: float rounding of a
/// real signal's DFT stays far below it, while unrelated bins differ by about their own size (0 dB).
inline constexpr double kMirrorMismatchDb = -50.0;
/// Mirrored bins prove a two-sided layout; unmirrored ones all but rule it out.
inline constexpr double kMirroredBonus = 12.0;
inline constexpr double kUnmirroredPenalty = -15.0;
/// Frames whose last bin is tested before its phase counts as evidence.
inline constexpr int kMinNyquistFramesTested = 4;
/// Share of frames with a real last bin (phase 0 or pi) that makes it a Nyquist bin; a real
/// signal's Nyquist bin is real in every frame, so only rounding near silence is forgiven.
inline constexpr double kNyquistRealShare = 0.95;
/// Below this share the last bin is a complex bin: not a Nyquist bin.
inline constexpr double kNotNyquistRealShare = 0.3;
/// Bins below this fraction of the peak are silent: their phase is rounding noise, not evidence.
inline constexpr double kSilentBinFraction = 1e-7;
/// A real last bin confirms an even one-sided n_fft (a nudge: a real bin can happen by chance in
/// band-limited data) and counts against the other readings of the same bin count.
inline constexpr double kRealLastBinEvenOneSided = 3.0;
inline constexpr double kRealLastBinOther = -8.0;
/// A complex last bin rules out an even one-sided n_fft and favours the others.
inline constexpr double kComplexLastBinEvenOneSided = -6.0;
inline constexpr double kComplexLastBinOther = 2.0;
/// Layouts searched per scale, and how far behind the best the second may be to be searched.
inline constexpr std::size_t kMaxLayouts = 2;
inline constexpr double kLayoutGap = 6.0;
/// FFT lengths searched: below 4 no framing is possible; above 2^20 no producer seen writes.
inline constexpr int kMinFftSize = 4;
inline constexpr int kMaxFftSize = 1 << 20;
/// Bins left out of the consistency comparison next to a missing Nyquist bin (zero-filled, it
/// disturbs its neighbours through the window's leakage).
inline constexpr int kBinsBesideMissingNyquist = 8;

// --- Framings ---------------------------------------------------------------------------------
/// Another magnitude scale deserves its own framing search when its consistency at the first
/// scale's best framing is this many dB worse than the first scale's (else it shares the framing).
inline constexpr double kRescaleConsistencyLossDb = 6.0;
/// Framings kept per search: enough for the window and padding alternatives of the best n_fft/hop.
inline constexpr std::size_t kFramingsPerSearch = 8;
/// Common analysis windows and hops in milliseconds, hints when the sample rate is known.
inline constexpr double kCommonWindowMs[] = {20.0, 25.0, 30.0, 40.0, 50.0};
inline constexpr double kCommonHopMs[] = {5.0, 10.0, 12.5, 20.0};
/// Shortest window length a millisecond hint may propose (shorter ones are no analysis window).
inline constexpr int kMinHintWindow = 8;

// --- Framings with phase (phase_search.cpp) ---------------------------------------------------
/// Consistency within this many dB of the best counts as equal: the data's own precision
/// (float storage, rounding of the phase) moves consistency by about that much.
inline constexpr double kConsistencyToleranceDb = 3.0;
/// Beyond it, each 2 dB less consistent costs one nat (a factor e), up to a cap so one measure
/// cannot drown every other piece of evidence.
inline constexpr double kConsistencyDbPerNat = 2.0;
inline constexpr double kConsistencyPenaltyCap = 60.0;
/// Framings within this many dB of each other frame the data the same way (symmetric Hann of W
/// and periodic Hann of W-1 plus a zero): named as equivalent, not as rivals.
inline constexpr double kEquivalentFramingDb = 3.0;
/// Window families refined (parameter, length, offset) after the first pass, and distinct forms
/// (family, hop, length) kept for the padding tests: each costs consistency evaluations.
inline constexpr std::size_t kRefinedWindows = 4;
inline constexpr std::size_t kMaxFramingForms = 6;
/// Weight of the frames' shared content at a hop (log of the phase correlation, floored): with
/// little overlap almost any spectrogram is consistent, so a hop without shared content must lose.
inline constexpr double kSharedContentWeight = 3.0;
inline constexpr double kMinSharedContent = 0.01;
/// Frames that join sample to sample and carry sound to their edges are a rectangular window
/// without overlap, which consistency cannot see: decisive.
inline constexpr double kContiguousFramesBonus = 20.0;
/// The first frames' time-domain test of the origin (mirror symmetry or zeros before it) is
/// independent of the level: a fit is strong evidence, a misfit stronger still, since a true
/// origin always fits.
inline constexpr double kOriginFits = 14.0;
inline constexpr double kOriginMisfit = -25.0;
/// Where the origin test cannot decide, padding is judged by the first frames' consistency:
/// within this slack it fits (a small bonus), beyond it costs as consistency does, up to a cap.
inline constexpr double kPaddingSlackDb = 6.0;
inline constexpr double kPaddingConsistent = 3.0;
inline constexpr double kPaddingPenaltyCap = 40.0;
/// A frame count that matches the hinted signal length with this padding (or does not): a
/// nudge, since producers differ by a frame.
inline constexpr double kFrameCountMatch = 1.5;

// --- DFT scaling --------------------------------------------------------------------------------
/// Floor of the DFT-scaling log score: an implausible level is evidence against a framing, but
/// audio levels vary too much for it to outweigh consistency.
inline constexpr double kFftScaleFloor = -20.0;

// --- Mel dumps (mel_guess.cpp, filterbank_fingerprint.cpp) ----------------------------------------
/// A repeated minimum at a producer's clamp (ln 1e-5, log10 1e-10, max - 80 dB) all but proves a
/// mel dump of that value scale; a wide range with negatives only suggests decibels or a logarithm.
inline constexpr double kMelClampFound = 5.0;
inline constexpr double kMelDecibelRange = 2.0;
inline constexpr double kMelNaturalLog = 1.0;
inline constexpr double kMelDecimalLog = 0.5;
/// Mel or linear: a usual mel channel count (40, 64, 80, 128) and a clamp speak for mel, a bin
/// count of n_fft/2+1 of a usual n_fft against it; mel needs this much and more than linear.
inline constexpr double kMelTypicalCount = 3.0;
inline constexpr double kMelClampedValues = 4.0;
inline constexpr double kMelLinearBinCount = -6.0;
inline constexpr double kMelOtherAxisLinear = 3.0;
inline constexpr double kMelThreshold = 3.0;
/// A producer's convention fitting the dump: its channel count, its sample rate (when given), its
/// own n_fft and hop. Nudges: the filterbank's relations, where there are any, outweigh them.
inline constexpr double kMelConventionCount = 2.0;
inline constexpr double kMelConventionRate = 2.0;
inline constexpr double kMelConventionFraming = 1.5;
/// Weight of the consistency gain (dB) of a framing over the best framing tried: a few dB
/// separate framings, so this is weak evidence.
inline constexpr double kMelConsistencyPerDb = 0.3;
/// A filterbank's exact channel relations (filterbank_fingerprint.hpp) kept to this residual were
/// kept: float32 rounding leaves 1e-9 to 1e-7, a filterbank one step off (fmin 20 Hz, the other
/// formula or normalisation, another n_fft) leaves 1e-4 and more.
inline constexpr double kKeptRelationResidual = 1e-5;
/// Frames with the related channels above the clamp needed before the relations count.
inline constexpr int kMinRelationFrames = 8;
/// Kept relations are decisive (chance cannot keep them to rounding); a dump that breaks a
/// filterbank's relations, or keeps those of another one, was not made with it.
inline constexpr double kMelRelationsKept = 12.0;
inline constexpr double kMelRelationsBroken = -15.0;
inline constexpr double kMelOtherRelationsKept = -10.0;
/// More kept relations are more coincidences excluded: a finer n_fft keeps a coarser one's
/// relations too (its bins include the coarser bins), but fewer of them.
inline constexpr double kMelPerKeptRelation = 0.5;
/// Readings of a file as mel channels x frames that compete on their hypotheses, and how far
/// below the best reading's score (20 per unit of neighbour correlation, +3 for a usual count)
/// one may be: a raw file's shape is often a close call between a count and its half.
inline constexpr std::size_t kMaxMelReadings = 3;
inline constexpr double kMelReadingGap = 4.0;
/// Filterbanks whose relations are kept that become hypotheses (the most relations first).
inline constexpr std::size_t kMaxFilterbankMatches = 4;

// --- Verdict and ambiguities ----------------------------------------------------------------------
/// Phase this many dB more consistent than random phases proves an STFT: a tenth of the residual
/// energy is no chance agreement over the blocks of frames compared.
inline constexpr double kSpectrogramProofGainDb = -10.0;
/// Ranks 1 and 2 are called close (and their differences listed) from this score ratio on.
inline constexpr double kCloseScoreRatio = 0.5;
/// Window samples are compared to this many decimals when deciding that two framings window the
/// same samples (kaiser:0 and rect), well above float rounding of the window formulas.
inline constexpr double kWindowIdentityScale = 1e4;

} // namespace phaselab::guess_scoring
