// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/algorithms/gla.hpp"

#include "core/algorithms/projection_kernels.hpp"

#include <algorithm>

namespace phaselab {

namespace {

class GlaStep final : public ProjectionStep {
public:
    GlaStep(ComplexMatrix coefficients, const RealMatrix& magnitude)
        : coefficients_(std::move(coefficients)), magnitude_(magnitude) {}

    void synthesiseFrame(int, int frame, std::complex<float>* out) override
    {
        std::copy_n(coefficients_.frame(frame), coefficients_.bins, out);
    }

    double analyse(int, int frame, std::complex<float>* x) override
    {
        return kernels::projectMagnitude(x, magnitude_.frame(frame), coefficients_.frame(frame), magnitude_.bins);
    }

    ComplexMatrix takeNext() { return std::move(coefficients_); }

private:
    ComplexMatrix coefficients_;
    const RealMatrix& magnitude_;
};

} // namespace

ComplexMatrix griffinLim(ComplexMatrix coefficients, const LoopContext& context, int iterations, ReconstructionResult& result)
{
    GlaStep step(std::move(coefficients), context.magnitude);
    runProjectionLoop(step, context, iterations, result);
    return step.takeNext();
}

} // namespace phaselab
