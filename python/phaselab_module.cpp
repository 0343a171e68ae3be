// SPDX-License-Identifier: GPL-3.0-or-later
// The Python module `phaselab` (pybind11 over core/): stft, istft, reconstruct, guess, windows.
// Conventions are the CLI's (../shared/CLI.md), i.e. torch.stft's: unnormalised one-sided DFT,
// spectrograms as (bins, frames) arrays, frames centred with reflect padding by default, periodic
// windows. Arrays are float32/complex64; a spectrogram comes back as a view of the engine's own
// frame-major buffer (strides (8, 8*bins), no copy). The GIL is released while the engine works;
// KeyboardInterrupt (Ctrl+C) is seen at the engine's progress callbacks and cancels the work.
#include "core/base/error.hpp"
#include "core/guess/candidate_json.hpp"
#include "core/guess/guess.hpp"
#include "core/dsp/mel_filterbank.hpp"
#include "core/dsp/mel_value_scale.hpp"
#include "core/reconstruction/mel_inversion.hpp"
#include "core/reconstruction/metrics.hpp"
#include "core/base/parallel.hpp"
#include "core/reconstruction/reconstruction.hpp"
#include "core/reconstruction/reconstruction_json.hpp"
#include "core/reconstruction/run_setup.hpp"
#include "core/dsp/stft.hpp"
#include "core/dsp/window.hpp"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <complex>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace py = pybind11;
using namespace phaselab;

namespace {

using FloatArray = py::array_t<float, py::array::c_style | py::array::forcecast>;
// A (bins, frames) array in Fortran order has the engine's frame-major layout: no transpose.
using FrameMajorFloat = py::array_t<float, py::array::f_style | py::array::forcecast>;
using FrameMajorComplex = py::array_t<std::complex<float>, py::array::f_style | py::array::forcecast>;

StftParams makeParams(int nFft, int hop, std::optional<int> winLength, const std::string& window, bool center,
                      const std::string& padMode)
{
    StftParams params;
    params.nFft = nFft;
    if (winLength) {
        if (*winLength < 1)
            throw InputError("win_length " + std::to_string(*winLength) + " must be at least 1");
        params.winLength = *winLength;
    }
    if (hop < 1)
        throw InputError("hop " + std::to_string(hop) + " must be at least 1 sample");
    params.hop = hop;
    params.window = WindowSpec::parse(window);
    params.center = center;
    params.padMode = parsePadMode(padMode);
    params = params.resolved();
    params.validate();
    return params;
}

/// A (bins, frames) numpy view of a frame-major matrix that the array then owns.
template <class T>
py::array_t<T> frameMajorArray(FrameMatrix<T>&& matrix)
{
    auto* owned = new FrameMatrix<T>(std::move(matrix));
    py::capsule free(owned, [](void* pointer) { delete static_cast<FrameMatrix<T>*>(pointer); });
    const auto item = static_cast<py::ssize_t>(sizeof(T));
    return py::array_t<T>({static_cast<py::ssize_t>(owned->bins), static_cast<py::ssize_t>(owned->frames)},
                          {item, item * owned->bins}, owned->values.data(), free);
}

py::array_t<float> signalArray(std::vector<float>&& samples)
{
    auto* owned = new std::vector<float>(std::move(samples));
    py::capsule free(owned, [](void* pointer) { delete static_cast<std::vector<float>*>(pointer); });
    return py::array_t<float>({static_cast<py::ssize_t>(owned->size())}, {static_cast<py::ssize_t>(sizeof(float))},
                              owned->data(), free);
}

template <class T, class Array>
FrameMatrix<T> frameMatrixFrom(const Array& array, const char* what)
{
    if (array.ndim() != 2)
        throw InputError(std::string(what) + " must be a 2-D (bins, frames) array, not " + std::to_string(array.ndim()) + "-D");
    if (array.shape(0) < 1 || array.shape(1) < 1 || array.shape(0) > (1 << 24) || array.shape(1) > (1 << 30))
        throw InputError(std::string(what) + " has an empty or impossible shape");
    FrameMatrix<T> matrix;
    matrix.bins = static_cast<int>(array.shape(0));
    matrix.frames = static_cast<int>(array.shape(1));
    matrix.values.assign(array.data(), array.data() + array.size());
    return matrix;
}

py::object jsonToPython(const std::string& text)
{
    return py::module_::import("json").attr("loads")(text);
}

/// Runs `work` without the GIL; `poll` (for the engine's progress callbacks) takes the GIL back
/// briefly to let Python run its signal handlers, and raises the cancel flag when one raised
/// (KeyboardInterrupt), whose exception is then rethrown here.
class InterruptibleWork {
public:
    const std::atomic<bool>* cancelFlag() const { return &cancel_; }
    void poll()
    {
        py::gil_scoped_acquire acquire;
        if (!cancel_ && PyErr_CheckSignals() != 0)
            cancel_ = true; // the Python error stays set on this thread for finish()
    }
    template <class Work>
    void run(Work&& work)
    {
        {
            py::gil_scoped_release release;
            try {
                work();
            } catch (const Cancelled&) {
                if (!cancel_)
                    throw;
            }
        }
        if (cancel_)
            throw py::error_already_set();
    }

private:
    std::atomic<bool> cancel_{false};
};

py::array_t<std::complex<float>> pyStft(const FloatArray& x, int nFft, int hop, std::optional<int> winLength,
                                        const std::string& window, bool center, const std::string& padMode,
                                        std::optional<int> threads)
{
    if (x.ndim() != 1)
        throw InputError("x must be a 1-D signal, not " + std::to_string(x.ndim()) + "-D");
    const StftParams params = makeParams(nFft, hop, winLength, window, center, padMode);
    const std::int64_t length = x.shape(0);
    if (params.frameCount(length) < 1)
        throw InputError("the signal has " + std::to_string(length) + " samples, too short for one frame of " +
                         std::to_string(params.nFft) + ": use center=True or a smaller n_fft");
    ComplexMatrix coefficients;
    {
        py::gil_scoped_release release;
        WorkerPool pool(threads.value_or(0));
        const StftPlan plan(params, length, -1, StftPlan::Use::ForwardOnly);
        plan.forward(x.data(), coefficients, pool);
    }
    return frameMajorArray(std::move(coefficients));
}

py::array_t<float> pyIstft(const FrameMajorComplex& X, int nFft, int hop, std::optional<int> winLength,
                           const std::string& window, bool center, const std::string& padMode,
                           std::optional<std::int64_t> length, std::optional<int> threads)
{
    Spectrogram spectrogram;
    spectrogram.params = makeParams(nFft, hop, winLength, window, center, padMode);
    spectrogram.coefficients = frameMatrixFrom<std::complex<float>>(X, "X");
    if (spectrogram.coefficients.bins != spectrogram.params.bins())
        throw InputError("X has " + std::to_string(spectrogram.coefficients.bins) + " bins; n_fft " +
                         std::to_string(nFft) + " needs " + std::to_string(spectrogram.params.bins()));
    if (length && *length < 1)
        throw InputError("length must be a positive number of samples");
    Signal signal;
    {
        py::gil_scoped_release release;
        WorkerPool pool(threads.value_or(0));
        signal = istft(spectrogram, pool, length.value_or(-1));
    }
    return signalArray(std::move(signal.samples));
}

/// How a mel spectrogram given to reconstruct() was made (its keyword arguments).
struct MelArguments {
    std::optional<FrameMajorFloat> mel;
    double fmin = 0.0;
    std::optional<double> fmax;
    std::string melScale = "slaney";
    std::string melNorm = "slaney";
    double power = 1.0;
    std::string scale = "linear";
    int rounds = 10;
};

/// The mel path of reconstruct(): the mel decoded and solved for |X| (non-negative least squares).
struct MelProblem {
    std::unique_ptr<MelTarget> target; ///< the decoded mel and its filterbank
    MelInversionOptions inversion;
    MelValueScale valueScale = MelValueScale::Linear;
};

MelProblem melProblem(const MelArguments& arguments, const StftParams& params, double sampleRate)
{
    MelProblem problem;
    RealMatrix mel = frameMatrixFrom<float>(*arguments.mel, "mel");
    MelSpec spec;
    spec.nMels = mel.bins;
    spec.fmin = arguments.fmin;
    spec.fmax = arguments.fmax.value_or(0.0);
    spec.scale = parseMelScale(arguments.melScale);
    spec.norm = parseMelNorm(arguments.melNorm);
    spec.power = arguments.power;
    if (arguments.rounds < 1)
        throw InputError("mel_rounds must be 1 or more");
    MelFilterbank filterbank(spec, params.nFft, sampleRate);
    problem.valueScale = parseMelValueScale(arguments.scale);
    for (float v : mel.values)
        if (!std::isfinite(v))
            throw InputError("mel holds a NaN or infinite value");
    decodeMelValues(mel, problem.valueScale, spec.power);
    problem.inversion.floor = clampedFloor(mel);
    problem.target = std::make_unique<MelTarget>(std::move(mel), std::move(filterbank));
    return problem;
}

py::tuple pyReconstruct(const std::optional<FrameMajorFloat>& magnitudeArray, int nFft, int hop, std::optional<int> winLength,
                        const std::string& window, const std::string& algorithm, int iterations,
                        const std::variant<std::string, FrameMajorFloat>& init, std::optional<FloatArray> referenceArray,
                        std::optional<int> threads, bool center, const std::string& padMode, double momentum,
                        std::uint64_t seed, std::optional<std::int64_t> length, double sampleRate,
                        const std::optional<FrameMajorFloat>& melArray, double fmin, std::optional<double> fmax,
                        const std::string& melScale, const std::string& melNorm, double power, const std::string& scale,
                        int melRounds)
{
    const StftParams params = makeParams(nFft, hop, winLength, window, center, padMode);
    if (magnitudeArray.has_value() == melArray.has_value())
        throw InputError("give either magnitude or mel (one of them)");
    std::optional<MelProblem> mel;
    RealMatrix magnitude;
    if (melArray) {
        mel = melProblem({melArray, fmin, fmax, melScale, melNorm, power, scale, melRounds}, params, sampleRate);
        py::gil_scoped_release release;
        WorkerPool pool(threads.value_or(0));
        magnitude = melToLinearMagnitude(mel->target->mel, mel->target->filterbank, pool, mel->inversion);
    } else {
        magnitude = frameMatrixFrom<float>(*magnitudeArray, "magnitude");
    }
    if (magnitude.bins != params.bins())
        throw InputError("magnitude has " + std::to_string(magnitude.bins) + " bins; n_fft " + std::to_string(nFft) +
                         " needs " + std::to_string(params.bins()));
    if (iterations < 0)
        throw InputError("iterations must be 0 or more");
    ReconstructionOptions options;
    options.iterations = iterations;
    options.momentum = momentum;
    options.seed = seed;
    std::optional<RealMatrix> phase;
    const bool phaseGiven = std::holds_alternative<FrameMajorFloat>(init);
    if (phaseGiven) {
        phase = frameMatrixFrom<float>(std::get<FrameMajorFloat>(init), "init");
        if (phase->bins != magnitude.bins || phase->frames != magnitude.frames)
            throw InputError("init holds phases of shape (" + std::to_string(phase->bins) + ", " +
                             std::to_string(phase->frames) + "); the magnitude's is (" + std::to_string(magnitude.bins) +
                             ", " + std::to_string(magnitude.frames) + ")");
        options.init = InitialPhase::Given;
    } else {
        options.init = parseInitialPhase(std::get<std::string>(init));
    }
    // "auto" chooses its own start; only an array of phases replaces it.
    options.algorithm = parseAlgorithm(algorithm);

    RunSetup setup;
    setup.magnitude = std::make_shared<const RealMatrix>(std::move(magnitude));
    setup.params = params;
    setup.sampleRate = sampleRate;
    setup.signalLength = length.value_or(0);
    if (phase)
        setup.phase = std::make_shared<const RealMatrix>(std::move(*phase));
    std::shared_ptr<Signal> referenceSignal;
    if (referenceArray) {
        if (referenceArray->ndim() != 1)
            throw InputError("reference must be a 1-D signal");
        referenceSignal = std::make_shared<Signal>();
        referenceSignal->samples.assign(referenceArray->data(), referenceArray->data() + referenceArray->shape(0));
    }

    InterruptibleWork work;
    ReconstructionResult result;
    ReconstructionProblem problem;
    double melConvergenceDb = 0.0;
    work.run([&] {
        WorkerPool pool(threads.value_or(0));
        if (referenceSignal)
            attachReference(setup, std::move(referenceSignal), "the reference", {}, pool);
        if (length)
            setup.signalLength = *length;
        problem = reconstructionProblem(setup);
        if (mel) {
            MelReconstruction done = reconstructFromMel(*mel->target, mel->inversion, problem, options,
                                                        melRounds, pool, [&](const IterationRecord&) { work.poll(); });
            melConvergenceDb = done.melSpectralConvergenceDb;
            result = std::move(done.result);
        } else {
            result = reconstruct(problem, options, pool, [&](const IterationRecord&) { work.poll(); }, work.cancelFlag());
        }
    });
    nlohmann::json metricsJson = reconstructionMetricsJson(problem, options, result);
    if (mel) {
        const MelSpec& spec = mel->target->filterbank.spec();
        metricsJson["mel"] = {{"n_mels", spec.nMels}, {"fmin", spec.fmin}, {"fmax", spec.fmax},
                              {"mel_scale", melScaleName(spec.scale)},
                              {"norm", spec.norm == MelNorm::Slaney ? nlohmann::json("slaney") : nlohmann::json(nullptr)},
                              {"power", spec.power}, {"value_scale", melValueScaleName(mel->valueScale)},
                              {"rounds", melRounds}, {"spectral_convergence_db", melConvergenceDb}};
    }
    const std::string metrics = metricsJson.dump();
    return py::make_tuple(signalArray(std::move(result.signal.samples)), jsonToPython(metrics));
}

py::object pyGuess(const std::string& magnitudePath, std::optional<std::string> phasePath, std::optional<double> sampleRate,
                   int top, std::optional<int> threads)
{
    if (top < 1 || top > 1000)
        throw InputError("top must be between 1 and 1000");
    if (sampleRate && !(*sampleRate > 0))
        throw InputError("sample_rate must be a positive number of Hz");
    GuessInput input;
    input.magnitudePath = magnitudePath;
    input.phasePath = phasePath.value_or("");
    input.sampleRate = sampleRate.value_or(0.0);
    GuessOptions options;
    options.top = top;
    options.threads = threads.value_or(0);
    InterruptibleWork work;
    JobControl control;
    control.progress = [&](double, const std::string&) { work.poll(); };
    control.cancel = work.cancelFlag();
    GuessResult result;
    work.run([&] { result = guess(input, options, control); });
    return jsonToPython(guessJson(result)["candidates"].dump());
}

py::array_t<float> pyWindows(const std::string& name, int length)
{
    return signalArray(makeWindow(WindowSpec::parse(name), length));
}

} // namespace

PYBIND11_MODULE(phaselab, m)
{
    m.doc() = R"(PhaseLab's phase-retrieval engine from Python.

Conventions (as torch.stft and librosa): unnormalised forward DFT, one-sided (n_fft//2+1 bins),
spectrograms shaped (bins, frames), frame k starting at k*hop of the padded signal, centred frames
with reflect padding of n_fft//2 samples by default, periodic (DFT-even) windows, a shorter window
zero-padded and centred in the frame. The inverse is the least-squares overlap-add of Griffin and
Lim. Signals are float32, spectrograms complex64 (views of the engine's own buffers, no copies). The GIL is released during work; Ctrl+C (KeyboardInterrupt) cancels it. Bad input
raises ValueError, unreadable files OSError.)";

    py::register_exception_translator([](std::exception_ptr pointer) {
        try {
            if (pointer)
                std::rethrow_exception(pointer);
        } catch (const IoError& error) {
            PyErr_SetString(PyExc_OSError, error.what());
        } catch (const Error& error) {
            PyErr_SetString(PyExc_ValueError, error.what());
        }
    });

    m.def("stft", &pyStft, py::arg("x"), py::arg("n_fft"), py::arg("hop"), py::arg("win_length") = py::none(),
          py::arg("window") = "hann", py::arg("center") = true, py::arg("pad_mode") = "reflect",
          py::arg("threads") = py::none(),
          R"(Short-time Fourier transform of the 1-D signal x: complex64 (bins, frames), as
torch.stft(x, n_fft, hop, win_length, window, center=center, pad_mode=pad_mode, return_complex=True).
window is a SPEC as phaselab-cli's --window: "hann", "kaiser:8", "hamming,symmetric", ...
pad_mode is "reflect" or "constant".)");
    m.def("istft", &pyIstft, py::arg("X"), py::arg("n_fft"), py::arg("hop"), py::arg("win_length") = py::none(),
          py::arg("window") = "hann", py::arg("center") = true, py::arg("pad_mode") = "reflect",
          py::arg("length") = py::none(), py::arg("threads") = py::none(),
          R"(Least-squares inverse of a (bins, frames) complex spectrogram, as torch.istft; length
defaults to torch.istft's. Window/hop pairs that violate NOLA raise ValueError.)");
    m.def("reconstruct", &pyReconstruct, py::arg("magnitude") = py::none(), py::arg("n_fft"), py::arg("hop"),
          py::arg("win_length") = py::none(), py::arg("window") = "hann", py::arg("algorithm") = "auto",
          py::arg("iterations") = 100, py::arg("init") = "zero", py::arg("reference") = py::none(),
          py::arg("threads") = py::none(), py::arg("center") = true, py::arg("pad_mode") = "reflect",
          py::arg("momentum") = 0.99, py::arg("seed") = 0, py::arg("length") = py::none(),
          py::arg("sample_rate") = 0.0, py::arg("mel") = py::none(), py::arg("fmin") = 0.0,
          py::arg("fmax") = py::none(), py::arg("mel_scale") = "slaney", py::arg("mel_norm") = "slaney",
          py::arg("power") = 1.0, py::arg("scale") = "linear", py::arg("mel_rounds") = 10,
          R"(A signal whose STFT magnitude approaches `magnitude` ((bins, frames), |STFT| as stft()).

Or from a mel spectrogram: mel=M ((n_mels, frames)) instead of magnitude, with sample_rate (required),
fmin, fmax (default sample_rate/2), mel_scale "slaney"|"htk", mel_norm "slaney"|"none", power 1
(a mel of |X|) or 2 (of |X|^2), scale "linear"|"ln"|"log10"|"db" (how M's values are stored) and
mel_rounds (times the linear magnitude is solved again from the sound; 1: once). M is inverted to
|X| by non-negative least squares per frame, then the algorithm runs; metrics gains "mel" with the
mel spectral convergence of the output.

algorithm: "gla", "fgla", "raar", "agla", "rtisi-la", "spsi", "pghi", "istft" or "auto" (the
pipeline measured best for the budget, named in metrics["pipeline"]; it picks its own start unless
init is an array).
init: "zero", "random", "pghi", "spsi", or an array of phases in radians shaped like magnitude
(measured as stft() measures them), used as the starting phase (and by "istft" as it is).
reference: the true signal, for phase errors and SNR in the metrics.
Returns (signal, metrics): float32 samples, and phaselab-cli's metrics JSON as a dict
(metrics["final"]["spectral_convergence_db"], metrics["iterations"][k], ...).)");
    m.def("guess", &pyGuess, py::arg("magnitude_path"), py::arg("phase_path") = py::none(),
          py::arg("sample_rate") = py::none(), py::arg("top") = 5, py::arg("threads") = py::none(),
          R"(How a spectrogram file (and its phase file) were made: the `top` most likely candidates,
best first, as phaselab-cli guess --json's "candidates" (list of dicts: storage, n_fft, hop,
window, centred, scale, score, evidence, ...).)");
    m.def("windows", &pyWindows, py::arg("name"), py::arg("length"),
          R"(The window SPEC `name` of `length` samples, float32 (periodic unless ",symmetric"), as
scipy.signal.get_window.)");
    m.attr("__version__") = PHASELAB_VERSION;
}
