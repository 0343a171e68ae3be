// SPDX-License-Identifier: GPL-3.0-or-later
// The two FFT backends (FFTW and KissFFT) against a direct DFT in double precision and against
// each other: forward and inverse at even, odd and prime sizes from 2 to 4097, the imaginary parts
// of DC and Nyquist ignored by the inverse, and the STFT/ISTFT within 1e-6 of the largest value.
// Backend selection: names, the setter, and plans made on one backend staying on it.
#include "core/base/error.hpp"
#include "core/dsp/fft.hpp"
#include "core/dsp/stft.hpp"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <random>
#include <vector>

using namespace phaselab;

namespace {

std::vector<int> testedSizes()
{
    std::vector<int> sizes;
    for (int n = 2; n <= 160; ++n)
        sizes.push_back(n);
    for (int n : {255, 256, 257, 509, 511, 512, 513, 1000, 1021, 1023, 1024, 1025, 1536, 2039, 2047, 2048, 2049, 2053,
                  3001, 4091, 4093, 4095, 4096, 4097})
        sizes.push_back(n);
    return sizes;
}

std::vector<float> randomSamples(int n, unsigned seed)
{
    std::mt19937 generator(seed);
    std::uniform_real_distribution<float> value(-1.0f, 1.0f);
    std::vector<float> samples(static_cast<std::size_t>(n));
    for (float& sample : samples)
        sample = value(generator);
    return samples;
}

/// One-sided DFT in double precision, twiddles indexed exactly (k n mod N).
std::vector<std::complex<double>> directForward(const std::vector<float>& x)
{
    const int n = static_cast<int>(x.size());
    std::vector<std::complex<double>> twiddle(static_cast<std::size_t>(n)), out(static_cast<std::size_t>(n / 2 + 1));
    for (int m = 0; m < n; ++m)
        twiddle[static_cast<std::size_t>(m)] = std::polar(1.0, -2.0 * std::numbers::pi * m / n);
    for (int k = 0; k <= n / 2; ++k) {
        std::complex<double> sum = 0.0;
        for (int m = 0; m < n; ++m)
            sum += static_cast<double>(x[static_cast<std::size_t>(m)]) *
                   twiddle[static_cast<std::size_t>((static_cast<long long>(k) * m) % n)];
        out[static_cast<std::size_t>(k)] = sum;
    }
    return out;
}

/// Unnormalised inverse over the Hermitian extension, DC's and Nyquist's imaginary parts dropped.
std::vector<double> directInverse(const std::vector<std::complex<float>>& spectrum, int n)
{
    std::vector<double> out(static_cast<std::size_t>(n));
    for (int m = 0; m < n; ++m) {
        double sum = spectrum[0].real();
        for (int k = 1; k <= n / 2; ++k) {
            const auto& value = spectrum[static_cast<std::size_t>(k)];
            const double angle = 2.0 * std::numbers::pi * static_cast<double>((static_cast<long long>(k) * m) % n) / n;
            const double term = value.real() * std::cos(angle) - value.imag() * std::sin(angle);
            sum += (2 * k == n) ? value.real() * std::cos(angle) : 2.0 * term;
        }
        out[static_cast<std::size_t>(m)] = sum;
    }
    return out;
}

template <typename A, typename B>
double largestDifference(const std::vector<A>& a, const std::vector<B>& b)
{
    double largest = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        largest = std::max(largest, std::abs(std::complex<double>(a[i]) - std::complex<double>(b[i])));
    return largest;
}

template <typename T>
double largestValue(const std::vector<T>& values)
{
    double largest = 0.0;
    for (const auto& value : values)
        largest = std::max(largest, static_cast<double>(std::abs(value)));
    return largest;
}

/// Float rounding of an N-point transform relative to its largest value: a few eps per
/// radix stage, and sqrt(N)-growth for the direct sums of a prime factor (KissFFT's generic butterfly).
double roundingBound(int n)
{
    return 2e-6 + 6e-8 * std::sqrt(static_cast<double>(n));
}

std::vector<FftBackend> builtBackends()
{
    std::vector<FftBackend> backends{FftBackend::Kiss};
    if (fftBackendAvailable(FftBackend::Fftw))
        backends.push_back(FftBackend::Fftw);
    return backends;
}

Signal tonesAndNoise(int length)
{
    Signal signal;
    signal.sampleRate = 16000;
    signal.samples = randomSamples(length, 7);
    for (int n = 0; n < length; ++n)
        signal.samples[static_cast<std::size_t>(n)] =
            0.05f * signal.samples[static_cast<std::size_t>(n)] + 0.5f * std::sin(0.0005f * n * n / 100.0f + 0.03f * n);
    return signal;
}

/// Restores the process-wide backend a test changed.
class BackendGuard {
public:
    BackendGuard() : saved_(fftBackend()) {}
    ~BackendGuard() { setFftBackend(saved_); }
    BackendGuard(const BackendGuard&) = delete;
    BackendGuard& operator=(const BackendGuard&) = delete;

private:
    FftBackend saved_;
};

} // namespace

class TestFftBackends : public QObject {
    Q_OBJECT
private slots:
    void forwardMatchesDirectDft()
    {
        for (FftBackend backend : builtBackends())
            for (int n : testedSizes()) {
                const auto input = randomSamples(n, static_cast<unsigned>(n));
                RealFft fft(n, backend);
                QCOMPARE(fft.backend(), backend);
                std::vector<std::complex<float>> output(static_cast<std::size_t>(fft.bins()));
                fft.forward(input.data(), output.data());
                const auto expected = directForward(input);
                const double error = largestDifference(output, expected) / largestValue(expected);
                if (!(error <= roundingBound(n)))
                    QFAIL(qPrintable(QStringLiteral("%1 forward, n %2: error %3 of the largest value")
                                         .arg(QString::fromStdString(fftBackendName(backend))).arg(n).arg(error)));
            }
    }

    void inverseMatchesDirectDftAndIgnoresEdgeImaginaryParts()
    {
        for (FftBackend backend : builtBackends())
            for (int n : testedSizes()) {
                RealFft fft(n, backend);
                const auto parts = randomSamples(2 * fft.bins(), static_cast<unsigned>(n + 1000));
                std::vector<std::complex<float>> spectrum(static_cast<std::size_t>(fft.bins()));
                for (std::size_t k = 0; k < spectrum.size(); ++k)
                    spectrum[k] = {parts[2 * k], parts[2 * k + 1]}; // DC and Nyquist imaginary parts are not zero
                const auto kept = spectrum;
                std::vector<float> output(static_cast<std::size_t>(n));
                fft.inverse(spectrum.data(), output.data());
                QVERIFY(spectrum == kept); // the input is left alone
                const auto expected = directInverse(spectrum, n);
                const double error = largestDifference(output, expected) / largestValue(expected);
                if (!(error <= roundingBound(n)))
                    QFAIL(qPrintable(QStringLiteral("%1 inverse, n %2: error %3 of the largest value")
                                         .arg(QString::fromStdString(fftBackendName(backend))).arg(n).arg(error)));
                // The same transform from the plan's own buffer, without inverse()'s copy.
                std::copy(spectrum.begin(), spectrum.end(), fft.inverseBuffer());
                std::vector<float> fromBuffer(static_cast<std::size_t>(n));
                fft.inverseOfBuffer(fromBuffer.data());
                QVERIFY(fromBuffer == output);
            }
    }

    void backendsAgreeOnUnalignedBuffers()
    {
        if (!fftBackendAvailable(FftBackend::Fftw))
            QSKIP("built without FFTW");
        // Offsets of one float/complex: the facade must not need SIMD-aligned arrays.
        for (int n : {7, 64, 1024, 2047}) {
            RealFft fftw(n, FftBackend::Fftw), kiss(n, FftBackend::Kiss);
            const auto input = randomSamples(n + 1, 99);
            std::vector<std::complex<float>> a(static_cast<std::size_t>(fftw.bins() + 1)), b(a.size());
            fftw.forward(input.data() + 1, a.data() + 1);
            kiss.forward(input.data() + 1, b.data() + 1);
            QVERIFY(largestDifference(a, b) <= 1e-6 * largestValue(b));
            std::vector<float> x(static_cast<std::size_t>(n + 1)), y(x.size());
            fftw.inverse(b.data() + 1, x.data() + 1);
            kiss.inverse(b.data() + 1, y.data() + 1);
            QVERIFY(largestDifference(x, y) <= 1e-6 * largestValue(y));
            QVERIFY(largestValue(y) > 0.0);
        }
    }

    void stftAndIstftAgreeAcrossBackends_data()
    {
        QTest::addColumn<int>("nFft");
        QTest::addColumn<int>("hop");
        for (auto [nFft, hop] : {std::pair{2048, 512}, std::pair{1024, 256}, std::pair{512, 128}, std::pair{255, 64},
                                 std::pair{1023, 200}, std::pair{4097, 1024}, std::pair{16, 4}, std::pair{3, 1}})
            QTest::addRow("%d/%d", nFft, hop) << nFft << hop;
    }

    void stftAndIstftAgreeAcrossBackends()
    {
        if (!fftBackendAvailable(FftBackend::Fftw))
            QSKIP("built without FFTW");
        QFETCH(int, nFft);
        QFETCH(int, hop);
        const BackendGuard guard;
        const Signal signal = tonesAndNoise(20000);
        StftParams params;
        params.nFft = nFft;
        params.hop = hop;
        params = params.resolved();
        WorkerPool pool(2);
        setFftBackend(FftBackend::Kiss);
        const Spectrogram kiss = stft(signal, params, pool);
        const Signal kissBack = istft(kiss, pool, signal.length());
        setFftBackend(FftBackend::Fftw);
        const Spectrogram fftw = stft(signal, params, pool);
        const Signal fftwBack = istft(kiss, pool, signal.length());
        QCOMPARE(fftw.frames(), kiss.frames());
        const double stftError = largestDifference(fftw.coefficients.values, kiss.coefficients.values) /
                                 largestValue(kiss.coefficients.values);
        QVERIFY2(stftError <= 1e-6, qPrintable(QStringLiteral("STFT differs by %1 of the largest value").arg(stftError)));
        const double istftError = largestDifference(fftwBack.samples, kissBack.samples) / largestValue(kissBack.samples);
        QVERIFY2(istftError <= 1e-6, qPrintable(QStringLiteral("ISTFT differs by %1 of the largest value").arg(istftError)));
        // Both are the signal again (a round trip), so the agreement is not two identical mistakes.
        QVERIFY(largestDifference(fftwBack.samples, signal.samples) <= 1e-4 * largestValue(signal.samples));
    }

    void selectionByName()
    {
        QCOMPARE(parseFftBackend("kiss"), FftBackend::Kiss);
        QCOMPARE(fftBackendName(FftBackend::Kiss), std::string("kiss"));
        QCOMPARE(fftBackendName(FftBackend::Fftw), std::string("fftw"));
        QVERIFY_THROWS_EXCEPTION(InputError, parseFftBackend("fftw3"));
        QVERIFY_THROWS_EXCEPTION(InputError, parseFftBackend(""));
        if (fftBackendAvailable(FftBackend::Fftw))
            QCOMPARE(parseFftBackend("fftw"), FftBackend::Fftw);
        else
            QVERIFY_THROWS_EXCEPTION(InputError, parseFftBackend("fftw"));
    }

    void plansFollowTheSelectedBackend()
    {
        const BackendGuard guard;
        for (FftBackend backend : builtBackends()) {
            setFftBackend(backend);
            QCOMPARE(fftBackend(), backend);
            QCOMPARE(RealFft(64).backend(), backend);
            QCOMPARE(threadLocalRealFft(64).backend(), backend);
        }
    }
};

QTEST_GUILESS_MAIN(TestFftBackends)
#include "test_fft_backends.moc"
