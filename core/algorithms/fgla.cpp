// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/algorithms/fgla.hpp"

#include "core/algorithms/projection_kernels.hpp"

namespace phaselab {

namespace {

class FglaStep final : public ProjectionStep {
public:
    FglaStep(ComplexMatrix coefficients, const RealMatrix& magnitude, float alpha)
        : coefficients_(std::move(coefficients)),
          previous_(coefficients_.bins, coefficients_.frames), // t_0 = 0
          magnitude_(magnitude), alpha_(alpha) {}

    void synthesise(const StftPlan& plan, float* signal, WorkerPool& pool) override
    {
        plan.inverse(coefficients_, signal, pool);
    }

    double analyse(int, int frame, std::complex<float>* x) override
    {
        return kernels::projectWithMomentum(x, magnitude_.frame(frame), previous_.frame(frame),
                                            coefficients_.frame(frame), alpha_, magnitude_.bins);
    }

    ComplexMatrix takeNext() { return std::move(coefficients_); }

private:
    ComplexMatrix coefficients_; ///< P_C2(c_n): what the next pass synthesises
    ComplexMatrix previous_;     ///< t_n
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
