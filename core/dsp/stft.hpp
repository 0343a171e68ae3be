// SPDX-License-Identifier: GPL-3.0-or-later
// Short-time Fourier transform and its least-squares inverse, with the phaselab-cli conventions
// (see stft_params.hpp): torch.stft's framing, unnormalised forward DFT, one-sided (n_fft/2+1
// bins), phase measured from the frame start. The inverse is Griffin & Lim's least-squares
// overlap-add: sum_t w[n - t hop] y_t[n - t hop] / sum_t w^2[n - t hop], as torch.istft; samples
// no frame covers (edges of an uncentred framing) come out as 0.
// Layout: Spectrogram::coefficients is a FrameMatrix (bins of one frame contiguous).
// Threads: frames (forward) and output sample ranges (inverse) are split across a WorkerPool;
// results do not depend on the thread count (each output value is computed by one thread in a
// fixed order).
#pragma once

#include "core/base/job_control.hpp"
#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"
#include "core/dsp/aligned_buffer.hpp"
#include "core/dsp/stft_params.hpp"

#include <complex>
#include <cstdint>
#include <functional>
#include <vector>

namespace phaselab {

class SignalWindow;

struct Spectrogram {
    ComplexMatrix coefficients; ///< bins x frames, frame-major (see signal.hpp)
    StftParams params;          ///< resolved
    double sampleRate = 0.0;    ///< Hz, 0 when unknown
    std::int64_t signalLength = 0; ///< samples of the analysed signal, 0 when unknown

    int bins() const { return coefficients.bins; }
    int frames() const { return coefficients.frames; }
};

/// A reusable transform pair for one parameter set and one signal length: precomputes the
/// window, the framing and the inverse's normalisation so iterative algorithms pay only for FFTs.
class StftPlan {
public:
    /// What the plan is for: the inverse needs a per-sample normalisation (4 bytes a sample, and
    /// as long to compute as a quarter of the forward transform) that a forward-only plan skips.
    enum class Use { ForwardAndInverse, ForwardOnly };

    /// Validates the parameters (InputError) and that the signal gives at least one frame.
    /// frames < 0: as many frames as the framing of signalLength samples gives (torch.stft's
    /// count). An explicit count (a spectrogram read from a file) may differ: frames reaching past
    /// the signal read padding (reflected where reflect padding reaches, else zeros), and output
    /// samples no frame covers come out as 0.
    StftPlan(const StftParams& params, std::int64_t signalLength, std::int64_t frames = -1,
             Use use = Use::ForwardAndInverse);

    const StftParams& params() const { return params_; }
    int bins() const { return params_.bins(); }
    int frames() const { return frames_; }
    std::int64_t signalLength() const { return signalLength_; }
    bool invertible() const { return nola_; }
    const std::vector<float>& window() const { return window_; }

    /// signal: signalLength() samples. out is resized to bins() x frames(). `control` hears the
    /// share of frames done (stage "STFT") and can cancel (Cancelled; out is then incomplete).
    void forward(const float* signal, ComplexMatrix& out, WorkerPool& pool, const JobControl& control = {}) const;
    /// in: bins() x frames(); signal: signalLength() samples, overwritten.
    /// Throws InputError when the window/hop pair violates NOLA (std::logic_error for a
    /// ForwardOnly plan).
    void inverse(const ComplexMatrix& in, float* signal, WorkerPool& pool) const;

    /// Receives one frame of the forward transform: `coefficients` (bins() values) is a per-block
    /// scratch buffer, valid only during the call and free to modify. Called once per frame, in
    /// frame order within each block; `block` is the WorkerPool block (for per-block partial sums).
    using FrameConsumer = std::function<void(int block, int frame, std::complex<float>* coefficients)>;
    /// Fills `coefficients` (bins() values) with frame `frame` of the spectrogram to invert. May be
    /// called more than once for one frame (frames on block boundaries), so it must not have side
    /// effects.
    using FrameProducer = std::function<void(int frame, std::complex<float>* coefficients)>;

    /// forward(), but each frame goes to `consume` instead of a matrix: lets iterative algorithms
    /// fuse their per-bin work with the transform while the frame is in cache.
    void forwardFrames(const float* signal, const FrameConsumer& consume, WorkerPool& pool) const;
    /// inverse(), but frames come from `produce` (e.g. a projection computed on the fly).
    void inverseFrames(const FrameProducer& produce, float* signal, WorkerPool& pool) const;
    /// inverseFrames() and then forwardFrames() of its result, fused frame by frame: a frame's
    /// coefficients are analysed while what produced them is still in cache, and the signal never
    /// makes a round trip through memory. Same values as the two calls in a row (same sums in the
    /// same order). Per frame, produce(t) comes before consume(.., t, ..), and consume of frame t
    /// may change what produce(t) reads (only that). signal: signalLength() samples, overwritten.
    void synthesiseAndAnalyse(const FrameProducer& produce, const FrameConsumer& consume, float* signal,
                              WorkerPool& pool) const;

private:
    template <class Consume>
    void forwardImpl(const float* signal, WorkerPool& pool, const Consume& consume) const;
    template <class Produce>
    void inverseImpl(float* signal, WorkerPool& pool, const Produce& produce) const;

    void requireInvertible() const;
    struct SampleRange {
        std::int64_t begin, end;
    };
    /// The signal samples the forward transform of frame t reads (reflections included).
    SampleRange samplesRead(std::int64_t t) const;
    /// The last frame that overlaps sample n (frames before it may too).
    std::int64_t lastFrameCovering(std::int64_t n) const;
    /// What synthesiseAndAnalyse()'s block of frames [begin, end) synthesises and where: it owns
    /// the output samples from its first frame's first sample to the next block's, and
    /// synthesises every frame that reaches the samples its own frames read.
    struct BlockLayout {
        std::int64_t ownBegin, ownEnd, bufferBegin, bufferEnd, firstSynthesised, lastSynthesised;
    };
    BlockLayout blockLayout(std::int64_t begin, std::int64_t end) const;
    /// The windowed frame starting at sample `start` (n_fft values), read from `samples`.
    void windowFrame(const SignalWindow& samples, std::int64_t start, float* frame) const;
    /// One block's share of synthesiseAndAnalyse(); `borrowed` holds the frames it synthesises
    /// outside [begin, end), in frame order.
    void synthesiseAndAnalyseBlock(const FrameProducer& produce, const FrameConsumer& consume, float* signal, int block,
                                   std::int64_t begin, std::int64_t end,
                                   const std::vector<AlignedVector<float>>& borrowed) const;

    StftParams params_;
    std::int64_t signalLength_;
    int frames_;
    int padding_;
    bool nola_;
    Use use_;
    std::vector<float> window_;          ///< n_fft samples, zero outside the window
    std::vector<float> synthesisWindow_; ///< window / n_fft (folds in the inverse DFT's scaling)
    std::vector<float> inverseEnvelope_; ///< 1 / sum of squared windows per output sample, 0 where uncovered
};

/// Convenience: STFT of a whole signal (progress and cancellation as StftPlan::forward).
Spectrogram stft(const Signal& signal, const StftParams& params, WorkerPool& pool, const JobControl& control = {});
/// Convenience: inverse of a spectrogram; length < 0 takes spectrogram.signalLength, or when that
/// is 0, the length torch.istft gives for that many frames.
Signal istft(const Spectrogram& spectrogram, WorkerPool& pool, std::int64_t length = -1);

} // namespace phaselab
