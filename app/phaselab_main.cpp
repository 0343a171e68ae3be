// SPDX-License-Identifier: GPL-3.0-or-later
// phaselab, the workbench: parses the command line (../shared/CLI.md, "phaselab") and starts the
// main window (ui/shell/launcher.hpp). Bad options give one "error:" line on stderr and exit status 1.
#include "app/cli/flag_words.hpp"
#include "core/base/error.hpp"
#include "core/dsp/fft.hpp"
#include "core/io/spectrogram_io.hpp"
#include "core/base/memory_budget.hpp"
#include "core/base/parallel.hpp"
#include "core/reconstruction/reconstruction.hpp"
#include "core/dsp/stft_params.hpp"
#include "ui/dialogs/preferences_dialog.hpp"
#include "ui/shell/launcher.hpp"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QRegularExpression>

#include <cstdio>
#include <cstdlib>
#include <optional>

namespace {

[[noreturn]] void fail(const QString& message)
{
    std::fprintf(stderr, "error: %s\n", message.toLocal8Bit().constData());
    std::exit(1);
}

int intValue(const QCommandLineParser& parser, const QString& name)
{
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok)
        fail(QStringLiteral("--%1 expects a whole number, not \"%2\"").arg(name, parser.value(name)));
    return value;
}

void addOptions(QCommandLineParser& parser)
{
    const auto option = [&parser](const QString& name, const QString& help, const QString& valueName = QString()) {
        parser.addOption(QCommandLineOption(name, help, valueName));
    };
    option(QStringLiteral("demo"), QStringLiteral("Open the bundled demo clip."));
    option(QStringLiteral("screenshot"), QStringLiteral("Save the main window once everything requested is done and drawn, "
                                                        "then quit."), QStringLiteral("OUT.png"));
    option(QStringLiteral("geometry"), QStringLiteral("Main window size (default 1280x800)."), QStringLiteral("WxH"));
    option(QStringLiteral("magnitude"), QStringLiteral("Import a magnitude spectrogram file."), QStringLiteral("M"));
    option(QStringLiteral("phase"), QStringLiteral("Its phase file."), QStringLiteral("P"));
    option(QStringLiteral("auto"), QStringLiteral("Import with the guesser's best candidate."));
    option(QStringLiteral("dtype"), QStringLiteral("Raw storage: int16|int32|float32|float64|complex64|complex128."), QStringLiteral("T"));
    option(QStringLiteral("byte-order"), QStringLiteral("Raw storage: little|big."), QStringLiteral("ORDER"));
    option(QStringLiteral("layout"), QStringLiteral("bins_by_frames|frames_by_bins."), QStringLiteral("LAYOUT"));
    option(QStringLiteral("header-bytes"), QStringLiteral("Raw storage: bytes before the first value."), QStringLiteral("N"));
    option(QStringLiteral("bins"), QStringLiteral("Raw storage: bins."), QStringLiteral("N"));
    option(QStringLiteral("frames"), QStringLiteral("Raw storage: frames."), QStringLiteral("N"));
    option(QStringLiteral("scale"), QStringLiteral("Magnitude scale: linear|power|db."), QStringLiteral("SCALE"));
    option(QStringLiteral("phase-unit"), QStringLiteral("rad|deg."), QStringLiteral("UNIT"));
    option(QStringLiteral("n-fft"), QStringLiteral("FFT size."), QStringLiteral("N"));
    option(QStringLiteral("win-length"), QStringLiteral("Window length (default n_fft)."), QStringLiteral("W"));
    option(QStringLiteral("window-offset"), QStringLiteral("Start of a shorter window in the frame (default centred)."), QStringLiteral("K"));
    option(QStringLiteral("hop"), QStringLiteral("Hop (default win_length/4)."), QStringLiteral("H"));
    option(QStringLiteral("window"), QStringLiteral("Window SPEC, e.g. hann, kaiser:8, hamming,symmetric."), QStringLiteral("SPEC"));
    option(QStringLiteral("center"), QStringLiteral("Centre frames (pad n_fft/2 each side; default)."));
    option(QStringLiteral("no-center"), QStringLiteral("Do not centre frames."));
    option(QStringLiteral("pad-mode"), QStringLiteral("reflect|constant."), QStringLiteral("MODE"));
    option(QStringLiteral("sample-rate"), QStringLiteral("Sample rate (Hz) where the input carries none."), QStringLiteral("HZ"));
    option(QStringLiteral("threads"), QStringLiteral("Worker threads (default all cores)."), QStringLiteral("N"));
    option(QStringLiteral("memory-limit"), QStringLiteral("Most memory an analysis may use, e.g. 2G or 512M (default: half the "
                                                          "physical memory)."), QStringLiteral("SIZE"));
    option(QStringLiteral("fft-backend"), QStringLiteral("FFT backend: fftw (default where built) or kiss (the reference)."),
           QStringLiteral("fftw|kiss"));
    option(QStringLiteral("lesson"), QStringLiteral("Open a guided lesson."), QStringLiteral("NAME"));
    option(QStringLiteral("algorithm"), QStringLiteral("Reconstruction algorithm to run once loaded (default fgla)."), QStringLiteral("ALG"));
    option(QStringLiteral("iterations"), QStringLiteral("Iterations to run once loaded."), QStringLiteral("K"));
}

std::optional<QSize> parseGeometry(const QCommandLineParser& parser)
{
    if (!parser.isSet(QStringLiteral("geometry")))
        return std::nullopt;
    const QRegularExpressionMatch match =
        QRegularExpression(QStringLiteral("^(\\d{2,5})[xX](\\d{2,5})$")).match(parser.value(QStringLiteral("geometry")));
    const int width = match.hasMatch() ? match.captured(1).toInt() : 0;
    const int height = match.hasMatch() ? match.captured(2).toInt() : 0;
    if (width < 320 || height < 240 || width > 16384 || height > 16384)
        fail(QStringLiteral("--geometry expects WIDTHxHEIGHT between 320x240 and 16384x16384, e.g. 1280x800, not \"%1\"")
                 .arg(parser.value(QStringLiteral("geometry"))));
    return QSize(width, height);
}

/// The STFT options, when any is given; throws phaselab::Error for a value out of range.
void parseStft(const QCommandLineParser& parser, phaselab::ui::LaunchOptions& launch)
{
    const QStringList stftOptions{"n-fft", "win-length", "window-offset", "hop", "window", "center", "no-center", "pad-mode"};
    bool anyStft = false;
    for (const QString& name : stftOptions)
        anyStft = anyStft || parser.isSet(name);
    if (anyStft) {
        phaselab::StftParams params;
        if (parser.isSet(QStringLiteral("n-fft")))
            params.nFft = intValue(parser, QStringLiteral("n-fft"));
        if (parser.isSet(QStringLiteral("win-length")))
            params.winLength = intValue(parser, QStringLiteral("win-length"));
        if (parser.isSet(QStringLiteral("window-offset")))
            params.winOffset = intValue(parser, QStringLiteral("window-offset"));
        if (parser.isSet(QStringLiteral("hop")))
            params.hop = intValue(parser, QStringLiteral("hop"));
        if ((parser.isSet(QStringLiteral("win-length")) && params.winLength < 1) || (parser.isSet(QStringLiteral("hop")) && params.hop < 1))
            throw phaselab::InputError("--win-length and --hop must be at least 1 sample");
        if (parser.isSet(QStringLiteral("window-offset")) && params.winOffset < 0)
            throw phaselab::InputError("--window-offset must be 0 or more");
        if (parser.isSet(QStringLiteral("window")))
            params.window = phaselab::WindowSpec::parse(parser.value(QStringLiteral("window")).toStdString());
        if (parser.isSet(QStringLiteral("center")) && parser.isSet(QStringLiteral("no-center")))
            throw phaselab::InputError("give either --center or --no-center, not both");
        params.center = !parser.isSet(QStringLiteral("no-center"));
        if (parser.isSet(QStringLiteral("pad-mode")))
            params.padMode = phaselab::parsePadMode(parser.value(QStringLiteral("pad-mode")).toStdString());
        if (params.nFft > (1 << 16))
            throw phaselab::InputError("the workbench shows n_fft up to 65536: use phaselab-cli for larger transforms");
        params.validate();
        launch.stft = params;
    }
}

/// --magnitude with its storage options, as phaselab-cli reads them.
void parseImport(const QCommandLineParser& parser, phaselab::ui::LaunchOptions& launch)
{
    const QStringList storageOptions{"dtype", "byte-order", "layout", "header-bytes", "bins", "frames", "scale", "phase-unit"};
    bool anyStorage = false;
    for (const QString& name : storageOptions)
        anyStorage = anyStorage || parser.isSet(name);
    if (!parser.isSet(QStringLiteral("magnitude"))) {
        if (parser.isSet(QStringLiteral("phase")) || parser.isSet(QStringLiteral("auto")) || anyStorage)
            throw phaselab::InputError("--phase, --auto and the storage options need --magnitude FILE");
    } else {
        if (launch.demo || !launch.files.isEmpty())
            throw phaselab::InputError("give either --magnitude or --demo / files, not both");
        if (parser.isSet(QStringLiteral("auto")) && anyStorage)
            throw phaselab::InputError("give either --auto or the storage options, not both");
        phaselab::ui::ImportRequest request;
        request.files.magnitudePath = QFile::encodeName(parser.value(QStringLiteral("magnitude"))).toStdString();
        request.files.phasePath = QFile::encodeName(parser.value(QStringLiteral("phase"))).toStdString();
        request.autoGuess = parser.isSet(QStringLiteral("auto"));
        phaselab::StorageSpec& storage = request.files.storage;
        storage.container = phaselab::detectContainer(request.files.magnitudePath, phaselab::Container::Raw);
        const auto text = [&parser](const char* name) { return parser.value(QLatin1String(name)).toStdString(); };
        if (parser.isSet(QStringLiteral("dtype")))
            storage.dtype = phaselab::parseDType(text("dtype"));
        if (parser.isSet(QStringLiteral("byte-order")))
            storage.byteOrder = phaselab::parseByteOrder(text("byte-order"));
        if (parser.isSet(QStringLiteral("layout")))
            storage.layout = phaselab::parseLayout(text("layout"));
        if (parser.isSet(QStringLiteral("header-bytes")))
            storage.headerBytes = intValue(parser, QStringLiteral("header-bytes"));
        if (parser.isSet(QStringLiteral("bins")))
            storage.bins = intValue(parser, QStringLiteral("bins"));
        if (parser.isSet(QStringLiteral("frames")))
            storage.frames = intValue(parser, QStringLiteral("frames"));
        if (storage.headerBytes < 0 || storage.bins < 0 || storage.frames < 0)
            throw phaselab::InputError("--header-bytes, --bins and --frames must not be negative");
        if (parser.isSet(QStringLiteral("scale")))
            request.files.values.magnitudeScale = phaselab::parseMagnitudeScale(text("scale"));
        if (parser.isSet(QStringLiteral("phase-unit")))
            request.files.values.phaseUnit = phaselab::parsePhaseUnit(text("phase-unit"));
        request.params = launch.stft.value_or(phaselab::StftParams{});
        if (!parser.isSet(QStringLiteral("n-fft")))
            request.params.nFft = 0; // from the bin count
        // As phaselab-cli: raw files without --bins/--frames have n_fft/2 + 1 bins.
        if (!request.autoGuess && storage.container == phaselab::Container::Raw && storage.bins == 0 && storage.frames == 0)
            storage.bins = (request.params.nFft > 0 ? request.params.nFft : 2048) / 2 + 1;
        launch.stft.reset(); // the import carries them
        launch.import = request;
    }
}

/// Sample rate, memory, threads, FFT backend, the run to start, the lesson.
void parseRuntime(const QCommandLineParser& parser, phaselab::ui::LaunchOptions& launch)
{
    if (parser.isSet(QStringLiteral("sample-rate"))) {
        bool ok = false;
        const double rate = parser.value(QStringLiteral("sample-rate")).toDouble(&ok);
        if (!ok || !(rate > 0.0) || rate > 1e7)
            throw phaselab::InputError("--sample-rate expects a positive number of Hz, e.g. 22050");
        if (launch.import)
            launch.import->sampleRate = rate;
    }
    if (parser.isSet(QStringLiteral("memory-limit")))
        launch.memoryLimit = phaselab::parseByteSize(parser.value(QStringLiteral("memory-limit")).toStdString());
    if (parser.isSet(QStringLiteral("threads"))) {
        const int threads = intValue(parser, QStringLiteral("threads"));
        if (threads < 0 || threads > 1024)
            throw phaselab::InputError("--threads must be between 0 (all cores) and 1024");
        phaselab::setDefaultThreadCount(threads); // every worker pool of the window
    }
    phaselab::ui::applyStoredPreferences(); // Edit -> Preferences; --fft-backend below wins for this run
    if (parser.isSet(QStringLiteral("fft-backend")))
        phaselab::setFftBackend(phaselab::parseFftBackend(parser.value(QStringLiteral("fft-backend")).toStdString()));
    if (parser.isSet(QStringLiteral("algorithm")) || parser.isSet(QStringLiteral("iterations"))) {
        phaselab::ReconstructionOptions options;
        if (parser.isSet(QStringLiteral("algorithm")))
            options.algorithm = phaselab::parseAlgorithm(parser.value(QStringLiteral("algorithm")).toStdString());
        if (parser.isSet(QStringLiteral("iterations"))) {
            options.iterations = intValue(parser, QStringLiteral("iterations"));
            if (options.iterations < 0 || options.iterations > 1000000)
                throw phaselab::InputError("--iterations must be between 0 and 1000000");
        }
        launch.reconstruction = options;
    }
    launch.lesson = parser.value(QStringLiteral("lesson"));
    if (!launch.lesson.isEmpty() && (launch.demo || !launch.files.isEmpty() || launch.import))
        throw phaselab::InputError("--lesson opens its own signal: give it without --demo, files or --magnitude");
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication::setOrganizationName(QStringLiteral("PhaseLab"));
    QCoreApplication::setApplicationName(QStringLiteral("phaselab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PHASELAB_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("PhaseLab workbench: look at spectrograms, guess how they were made, "
                                                    "and turn them back into sound."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Audio files to open (anything else goes through "
                                                                        "the import dialog)."), QStringLiteral("[FILE...]"));
    addOptions(parser);

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (!parser.parse(arguments))
        fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        // No application object exists yet, so Qt cannot name the program in the usage line itself.
        std::fputs(parser.helpText().replace(QStringLiteral("<executable_name>"), QStringLiteral("phaselab")).toLocal8Bit().constData(), stdout);
        return 0;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("phaselab %s\n", PHASELAB_VERSION);
        return 0;
    }

    phaselab::ui::LaunchOptions launch;
    launch.files = parser.positionalArguments();
    launch.demo = parser.isSet(QStringLiteral("demo"));
    launch.screenshotPath = parser.value(QStringLiteral("screenshot"));
    if (parser.isSet(QStringLiteral("screenshot")) && launch.screenshotPath.isEmpty())
        fail(QStringLiteral("--screenshot needs a file name, e.g. --screenshot window.png"));
    launch.geometry = parseGeometry(parser);
    if (launch.demo && !launch.files.isEmpty())
        fail(QStringLiteral("give either --demo or files, not both"));

    try {
        parseStft(parser, launch);
        parseImport(parser, launch);
        parseRuntime(parser, launch);
    } catch (const phaselab::Error& error) {
        fail(QString::fromStdString(phaselab::cli::inFlagWords(error.what())));
    }

    // A screenshot needs no screen: fall back to the offscreen platform when there is none.
    if (!launch.screenshotPath.isEmpty() && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") &&
        qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication application(argc, argv);
    return phaselab::ui::runWorkbench(launch);
}
