// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/algorithms/agla.hpp"

#include "core/algorithms/projection_kernels.hpp"

#include <algorithm>

namespace phaselab {

namespace {

class AglaStep final : public ProjectionStep {
public:
    AglaStep(ComplexMatrix coefficients, const RealMatrix& magnitude, const AglaParameters& parameters)
        : coefficients_(std::move(coefficients)), anchor_(coefficients_), previous_(coefficients_), magnitude_(magnitude),
          alpha_(static_cast<float>(parameters.alpha)), beta_(static_cast<float>(parameters.beta)),
          gamma_(static_cast<float>(parameters.gamma)) {}

    void synthesiseFrame(int, int frame, std::complex<float>* out) override
    {
        std::copy_n(coefficients_.frame(frame), coefficients_.bins, out);
    }

    double analyse(int, int frame, std::complex<float>* x) override
    {
        const float* target = magnitude_.frame(frame);
        std::complex<float>* anchor = anchor_.frame(frame);
        std::complex<float>* previous = previous_.frame(frame);
        std::complex<float>* out = coefficients_.frame(frame);
        double sum = 0.0;
        for (int k = 0; k < magnitude_.bins; ++k) {
            const double difference = static_cast<double>(std::abs(x[k])) - target[k];
            sum += difference * difference;
            const std::complex<float> t = (1.0f - gamma_) * anchor[k] + gamma_ * x[k];
            const std::complex<float> step = t - previous[k];
            const std::complex<float> c = t + alpha_ * step;
            anchor[k] = t + beta_ * step;
            previous[k] = t;
            float re, im;
            kernels::detail::projectScalar(c.real(), c.imag(), target[k], re, im);
            out[k] = {re, im};
        }
        return sum;
    }

    ComplexMatrix takeNext() { return std::move(coefficients_); }

private:
    ComplexMatrix coefficients_; ///< P_A(c_n): what the next pass synthesises
    ComplexMatrix anchor_;       ///< d_n
    ComplexMatrix previous_;     ///< t_n
    const RealMatrix& magnitude_;
    float alpha_, beta_, gamma_;
};

} // namespace

ComplexMatrix acceleratedGriffinLim(ComplexMatrix coefficients, const AglaParameters& parameters, const LoopContext& context,
                           int iterations, ReconstructionResult& result)
{
    AglaStep step(std::move(coefficients), context.magnitude, parameters);
    runProjectionLoop(step, context, iterations, result);
    return step.takeNext();
}

} // namespace phaselab
