// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/algorithms/raar.hpp"

#include "core/algorithms/projection_kernels.hpp"

namespace phaselab {

namespace {

class RaarStep final : public ProjectionStep {
public:
    RaarStep(ComplexMatrix coefficients, const RealMatrix& magnitude, float beta, int firstTailPass, float tailMomentum)
        : iterate_(std::move(coefficients)), consistent_(iterate_.bins, iterate_.frames), magnitude_(magnitude),
          beta_(beta), tailMomentum_(tailMomentum), firstTailPass_(firstTailPass) {}

    void synthesiseFrame(int, int frame, std::complex<float>* out) override
    {
        kernels::projectOnly(iterate_.frame(frame), magnitude_.frame(frame), out, magnitude_.bins);
    }

    double analyse(int pass, int frame, std::complex<float>* w) override
    {
        const float* target = magnitude_.frame(frame);
        std::complex<float>* iterate = iterate_.frame(frame);
        if (pass + 1 >= firstTailPass_) {
            // The next pass is a (fast) Griffin-Lim step: iterate <- P_A(W + alpha (W - W_prev)),
            // with W_prev = P_C(x) already in consistent_.
            if (tailMomentum_ > 0.0f)
                return kernels::projectWithMomentum(w, target, consistent_.frame(frame), iterate, tailMomentum_,
                                                    magnitude_.bins);
            return kernels::projectMagnitude(w, target, iterate, magnitude_.bins);
        }
        if (pass == 0) {
            // x_0 = S e^{i phi0} is magnitude-true, so P_C(x_0) = P_C(P_A x_0) = W_0.
            std::copy(w, w + magnitude_.bins, consistent_.frame(frame));
        }
        return kernels::relaxedReflection(w, target, iterate, consistent_.frame(frame), beta_, magnitude_.bins);
    }

    /// P_A x, which the next pass synthesises (in the FGLA tail x is already magnitude-true).
    ComplexMatrix takeNext()
    {
        ComplexMatrix next(iterate_.bins, iterate_.frames);
        for (int frame = 0; frame < iterate_.frames; ++frame)
            kernels::projectOnly(iterate_.frame(frame), magnitude_.frame(frame), next.frame(frame), magnitude_.bins);
        return next;
    }

private:
    ComplexMatrix iterate_;    ///< x
    ComplexMatrix consistent_; ///< P_C(x)
    const RealMatrix& magnitude_;
    float beta_;
    float tailMomentum_;
    int firstTailPass_;
};

} // namespace

ComplexMatrix relaxedAveragedAlternatingReflections(ComplexMatrix coefficients, double beta, int tailIterations,
                                           double tailMomentum, const LoopContext& context, int iterations,
                                           ReconstructionResult& result)
{
    RaarStep step(std::move(coefficients), context.magnitude, static_cast<float>(beta),
                  iterations - std::max(0, tailIterations) + 1, static_cast<float>(tailMomentum));
    runProjectionLoop(step, context, iterations, result);
    return step.takeNext();
}

} // namespace phaselab
