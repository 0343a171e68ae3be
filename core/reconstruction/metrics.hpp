// SPDX-License-Identifier: GPL-3.0-or-later
// Quality measures of a phase reconstruction, as ../shared/CLI.md defines them: spectral
// convergence against a target magnitude S, phase errors against a reference STFT, SNR against
// a reference signal, and the mel spectral convergence against a mel target (mel_target.hpp). Units: dB (20 log10 of magnitude ratios, 10 log10 of energy ratios); phase
// errors in rad^2 (wrapped differences in (-pi, pi], so at most pi^2). Matrices are frame-major
// (see signal.hpp); phases use the STFT's convention (measured from the frame start).
// Reductions run in double in a fixed order: per-frame partial sums are stored and added in frame
// order, so the figures do not depend on the thread count (the per-component sums of
// phase_error_component_corrected are per-block partials added in block order: equal beyond rounding).
#pragma once

#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"

#include <complex>
#include <cstdint>
#include <optional>
#include <vector>

namespace phaselab {

struct MelTarget; // core/reconstruction/mel_target.hpp

/// How the connected regions ("components") of the reference spectrogram are found.
struct ComponentOptions {
    double thresholdDb = -60.0;  ///< bins with 20 log10(|Xref| / max |Xref|) >= threshold belong to a region
    bool eightConnected = true;  ///< neighbours: 8 (diagonals too) or 4 in the (frame, bin) grid
};

/// The reference for phase errors: |Xref| (the weights are |Xref|^2), angle(Xref), and the label
/// of each bin's connected region (-1 below the threshold).
class PhaseReference {
public:
    explicit PhaseReference(const ComplexMatrix& reference, const ComponentOptions& options = {});

    int bins() const { return magnitude_.bins; }
    int frames() const { return magnitude_.frames; }
    const RealMatrix& magnitude() const { return magnitude_; }
    const RealMatrix& phase() const { return phase_; }
    /// Region label per bin, frame-major; -1 for bins below the threshold.
    const std::vector<std::int32_t>& labels() const { return labels_; }
    int components() const { return components_; }
    double weightSum() const { return weightSum_; } ///< sum of |Xref|^2
    const ComponentOptions& componentOptions() const { return options_; }

private:
    RealMatrix magnitude_;
    RealMatrix phase_;
    std::vector<std::int32_t> labels_;
    int components_ = 0;
    double weightSum_ = 0.0;
    ComponentOptions options_;
};

struct PhaseErrors {
    double raw = 0.0;                ///< sum(S^2 d^2) / sum(S^2), d = wrapped angle(X / Xref)
    double signCorrected = 0.0;      ///< the same for the better of x and -x
    double unweighted = 0.0;         ///< mean of d^2 over all bins
    double componentCorrected = 0.0; ///< weighted, after the better offset 0 or pi per region
    int components = 0;
    int componentsFlipped = 0;       ///< regions where the offset pi was better
};

struct SnrFigures {
    double snrDb = 0.0;              ///< 10 log10(||ref||^2 / ||ref - x||^2) over the reference's length
    double snrSignCorrectedDb = 0.0; ///< the same with -x where that is better
};

/// Accumulates the figures of one estimate STFT frame by frame, from several threads at once
/// (each block writes its own partials). Every frame must be added once per pass; call reset()
/// before each pass.
class FrameMetrics {
public:
    /// target: S, frame-major. reference may be null (no phase errors). blocks: the pool's thread
    /// count. mel may be null (no mel spectral convergence); it must outlive the metrics.
    FrameMetrics(const RealMatrix& target, const PhaseReference* reference, int blocks, const MelTarget* mel = nullptr);

    /// sum over the frame of (|X| - S)^2, computed by the caller (fused with its own per-bin work).
    void setSpectralDifference(int frame, double sumSquaredDifference)
    {
        spectralDifference_[static_cast<std::size_t>(frame)] = sumSquaredDifference;
    }
    /// Both figures from X itself.
    void addFrame(int block, int frame, const std::complex<float>* estimate);
    /// Phase errors of frame `frame` of X (no-op without a reference).
    void addPhase(int block, int frame, const std::complex<float>* estimate);
    /// Mel difference of frame `frame` of X against the mel target (no-op without one).
    void addMel(int block, int frame, const std::complex<float>* estimate);
    bool hasReference() const { return reference_ != nullptr; }
    /// Clears the per-region partial sums (the per-frame ones are overwritten by each pass).
    void reset();

    double spectralConvergenceDb() const;
    std::optional<PhaseErrors> phaseErrors() const;
    std::optional<double> melSpectralConvergenceDb() const; ///< with a mel target only

private:
    const RealMatrix& target_;
    const PhaseReference* reference_;
    double targetEnergy_ = 0.0;
    std::vector<double> spectralDifference_;
    std::vector<double> weighted_, flipped_, unweighted_; // per frame
    std::vector<std::vector<double>> regionError_, regionFlippedError_; // per block, per region
    const MelTarget* mel_;
    double melEnergy_ = 0.0;
    std::vector<double> melDifference_;        // per frame
    std::vector<std::vector<float>> melScratch_; // per block: |X| of a frame, then frameMelDifference's scratch
};

/// Sum over all bins of (|X| - S)^2 for one frame, in double.
double frameSpectralDifference(const std::complex<float>* estimate, const float* target, int bins);

/// 20 log10(|| |X| - S ||_F / ||S||_F). -inf for an exact match; NaN when S is zero everywhere.
double spectralConvergenceDb(const ComplexMatrix& estimate, const RealMatrix& target);

/// The phase errors of estimate X against the reference (sizes must match: InputError).
PhaseErrors phaseErrors(const ComplexMatrix& estimate, const PhaseReference& reference);

/// SNR over the reference's length (estimate samples past its end count as 0).
SnrFigures signalToNoise(const float* reference, std::int64_t referenceLength, const float* estimate,
                         std::int64_t estimateLength);

} // namespace phaselab
