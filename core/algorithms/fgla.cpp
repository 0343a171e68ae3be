// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/algorithms/fgla.hpp"

#include "core/algorithms/projection_kernels.hpp"

#include <algorithm>
#include <utility>

namespace phaselab {

namespace {

class FglaStep final : public ProjectionStep {
public:
    FglaStep(ComplexMatrix coefficients, const RealMatrix& magnitude, float alpha)
        : current_(std::move(coefficients)),
          previous_(current_.bins, current_.frames), // t_0 = 0
          magnitude_(magnitude), alpha_(alpha) {}

    // P_C2(c_n) is made when it is synthesised, from t_n and t_{n-1}, rather than stored: one
    // matrix fewer to stream through per iteration.
    void synthesiseFrame(int pass, int frame, std::complex<float>* out) override
    {
        if (pass == 0) {
            std::copy_n(current_.frame(frame), current_.bins, out);
            return;
        }
        kernels::momentumProjection(current_.frame(frame), previous_.frame(frame), magnitude_.frame(frame), out, alpha_,
                                    magnitude_.bins);
    }

    double analyse(int pass, int frame, std::complex<float>* x) override
    {
        // Pass 0 replaces the initial coefficients by t_1 (t_0 = 0 stays); later passes put
        // t_{n+1} where t_{n-1} was, and finishPass() swaps the roles.
        ComplexMatrix& next = pass == 0 ? current_ : previous_;
        return kernels::keepWithSpectralDifference(x, magnitude_.frame(frame), next.frame(frame), magnitude_.bins);
    }

    void finishPass(int pass) override
    {
        if (pass > 0)
            std::swap(current_, previous_);
    }

    /// What the next pass would synthesise, P(t_n + alpha (t_n - t_{n-1})), for a stage that goes on
    /// from here (a pipeline's next method).
    ComplexMatrix takeNext() const
    {
        ComplexMatrix next(current_.bins, current_.frames);
        for (int frame = 0; frame < current_.frames; ++frame)
            kernels::momentumProjection(current_.frame(frame), previous_.frame(frame), magnitude_.frame(frame),
                                        next.frame(frame), alpha_, magnitude_.bins);
        return next;
    }

private:
    ComplexMatrix current_;  ///< t_n (before pass 0: the initial coefficients S e^{i phi0})
    ComplexMatrix previous_; ///< t_{n-1}
    const RealMatrix& magnitude_;
    float alpha_;
};

} // namespace

ComplexMatrix fastGriffinLim(ComplexMatrix coefficients, double alpha, const LoopContext& context, int iterations,
                    ReconstructionResult& result)
{
    FglaStep step(std::move(coefficients), context.magnitude, static_cast<float>(alpha));
    runProjectionLoop(step, context, iterations, result);
    return step.takeNext();
}

} // namespace phaselab
