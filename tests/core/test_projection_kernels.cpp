// SPDX-License-Identifier: GPL-3.0-or-later
// The projection kernels against their formulas evaluated in double (magnitude projection,
// FGLA's momentum, the spectral difference), zero-magnitude bins included, and the AVX kernels
// bit for bit against the SSE2 ones on every bin count around their 8-bin step.
#include "core/algorithms/projection_kernels.hpp"

#include <QTest>

#include <cmath>
#include <complex>
#include <random>
#include <vector>

using namespace phaselab;
using Complex = std::complex<float>;

namespace {

struct Frame {
    std::vector<Complex> current, previous;
    std::vector<float> target;
};

Frame randomFrame(int bins, unsigned seed)
{
    std::mt19937 generator(seed);
    std::normal_distribution<float> normal;
    Frame frame;
    for (int k = 0; k < bins; ++k) {
        frame.current.emplace_back(normal(generator), normal(generator));
        frame.previous.emplace_back(normal(generator), normal(generator));
        frame.target.push_back(std::abs(normal(generator)));
    }
    if (bins > 2) {
        frame.current[1] = {0.0f, 0.0f}; // |y| = 0 where current = previous = 0: P gives S
        frame.previous[1] = {0.0f, 0.0f};
    }
    return frame;
}

/// S y / |y| in double, S where y = 0.
std::complex<double> projected(std::complex<double> y, double target)
{
    const double magnitude = std::abs(y);
    return magnitude > 0.0 ? y * (target / magnitude) : std::complex<double>(target, 0.0);
}

double relativeGap(std::complex<double> a, std::complex<double> b, double scale)
{
    return std::abs(a - b) / std::max(scale, 1e-30);
}

} // namespace

class TestProjectionKernels : public QObject {
    Q_OBJECT
private slots:
    void momentumProjectionFollowsItsFormula()
    {
        const float alpha = 0.99f;
        for (int bins : {1, 3, 7, 8, 9, 17, 513, 1025}) {
            const Frame frame = randomFrame(bins, static_cast<unsigned>(bins));
            std::vector<Complex> out(static_cast<std::size_t>(bins));
            kernels::momentumProjection(frame.current.data(), frame.previous.data(), frame.target.data(), out.data(),
                                        alpha, bins);
            for (int k = 0; k < bins; ++k) {
                const auto i = static_cast<std::size_t>(k);
                const std::complex<double> current(frame.current[i]), previous(frame.previous[i]);
                const std::complex<double> y = (1.0 + alpha) * current - static_cast<double>(alpha) * previous;
                const auto expected = projected(y, frame.target[i]);
                QVERIFY2(relativeGap(std::complex<double>(out[i]), expected, frame.target[i]) < 1e-5,
                         qPrintable(QStringLiteral("bins %1, bin %2").arg(bins).arg(k)));
            }
            if (bins > 2)
                QCOMPARE(out[1], Complex(frame.target[1], 0.0f));
        }
    }

    void keepsTheFrameAndSumsItsSpectralDifference()
    {
        for (int bins : {1, 5, 8, 12, 1025}) {
            const Frame frame = randomFrame(bins, 100u + static_cast<unsigned>(bins));
            std::vector<Complex> kept(static_cast<std::size_t>(bins));
            const double sum = kernels::keepWithSpectralDifference(frame.current.data(), frame.target.data(), kept.data(), bins);
            QVERIFY(kept == frame.current);
            double expected = 0.0;
            for (int k = 0; k < bins; ++k) {
                const auto i = static_cast<std::size_t>(k);
                const double difference = std::abs(std::complex<double>(frame.current[i])) - frame.target[i];
                expected += difference * difference;
            }
            QVERIFY2(std::abs(sum - expected) <= 1e-6 * expected, qPrintable(QStringLiteral("bins %1").arg(bins)));
        }
    }

    void momentumStepIsTheProjectionOfTheMomentumSequence()
    {
        // projectWithMomentum (one call: previous <- X, out <- P(X + alpha (X - previous))) and the
        // split form FGLA uses (keep X, then project from X and the old previous) give the same bits.
        const int bins = 1025;
        const float alpha = 0.99f;
        const Frame frame = randomFrame(bins, 7u);
        std::vector<Complex> previous = frame.previous, fused(static_cast<std::size_t>(bins));
        const double fusedSum = kernels::projectWithMomentum(frame.current.data(), frame.target.data(), previous.data(),
                                                             fused.data(), alpha, bins);
        std::vector<Complex> kept(static_cast<std::size_t>(bins)), split(static_cast<std::size_t>(bins));
        const double splitSum = kernels::keepWithSpectralDifference(frame.current.data(), frame.target.data(), kept.data(), bins);
        kernels::momentumProjection(kept.data(), frame.previous.data(), frame.target.data(), split.data(), alpha, bins);
        QVERIFY(split == fused);
        QVERIFY(previous == kept);
        QVERIFY(std::abs(splitSum - fusedSum) <= 1e-12 * fusedSum);
    }

#if PHASELAB_PROJECTION_AVX
    void avxKernelsMatchSse2BitForBit()
    {
        if (!kernels::detail::avxAvailable())
            QSKIP("this CPU has no AVX");
        const float alpha = 0.99f;
        for (int bins = 1; bins <= 40; ++bins) {
            const Frame frame = randomFrame(bins, 1000u + static_cast<unsigned>(bins));
            std::vector<Complex> sse(static_cast<std::size_t>(bins)), avx(static_cast<std::size_t>(bins));
            kernels::detail::momentumProjectionSse2(frame.current.data(), frame.previous.data(), frame.target.data(),
                                                    sse.data(), alpha, bins);
            kernels::detail::momentumProjectionAvx(frame.current.data(), frame.previous.data(), frame.target.data(),
                                                   avx.data(), alpha, bins);
            QVERIFY2(sse == avx, qPrintable(QStringLiteral("momentum projection, bins %1").arg(bins)));

            std::vector<Complex> ssePrevious = frame.previous, avxPrevious = frame.previous;
            const double sseSum = kernels::detail::projectWithMomentumSse2(frame.current.data(), frame.target.data(),
                                                                           ssePrevious.data(), sse.data(), alpha, bins);
            const double avxSum = kernels::detail::projectWithMomentumAvx(frame.current.data(), frame.target.data(),
                                                                          avxPrevious.data(), avx.data(), alpha, bins);
            QVERIFY(sse == avx);
            QVERIFY(ssePrevious == avxPrevious);
            QVERIFY(std::abs(sseSum - avxSum) <= 1e-12 * std::max(sseSum, 1e-30));

            const double sseGla = kernels::detail::projectMagnitudeSse2(frame.current.data(), frame.target.data(), sse.data(), bins);
            const double avxGla = kernels::detail::projectMagnitudeAvx(frame.current.data(), frame.target.data(), avx.data(), bins);
            QVERIFY(sse == avx);
            QVERIFY(std::abs(sseGla - avxGla) <= 1e-12 * std::max(sseGla, 1e-30));
        }
    }
#endif
};

QTEST_APPLESS_MAIN(TestProjectionKernels)
#include "test_projection_kernels.moc"
