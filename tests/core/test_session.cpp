// SPDX-License-Identifier: GPL-3.0-or-later
// The .phaselab session model: a full session survives text and file round trips unchanged, a run's
// JSON carries CLI.md's metrics keys, and malformed sessions are refused with an InputError naming
// the field (never a crash): wrong types, unknown names, out-of-range numbers, oversized arrays.
#include "core/base/error.hpp"
#include "core/io/session.hpp"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace phaselab;
using nlohmann::json;

namespace {

Session sampleSession()
{
    Session session;
    session.source.kind = SessionSource::Kind::Spectrogram;
    session.source.path = "data/mag.f32";
    session.source.phasePath = "data/phase.f32";
    session.source.sampleRate = 22050.0;
    StorageSpec storage;
    storage.dtype = DType::Float32;
    storage.layout = MatrixLayout::FramesByBins;
    storage.bins = 513;
    storage.frames = 431;
    storage.headerBytes = 16;
    session.source.storage = storage;
    session.source.conventions.magnitudeScale = MagnitudeScale::Db;
    session.referencePath = "ref.wav";
    session.params.nFft = 1024;
    session.params.hop = 256;
    session.params.window = WindowSpec::parse("kaiser:8,symmetric");
    session.params = session.params.resolved();
    session.view.colormap = "magma";
    session.view.gainDb = 6.0;
    session.view.rangeDb = 90.0;
    session.view.frequencyScale = "mel";
    session.view.secondPane = "if";
    session.view.comparisonPane = "phase-error-component";
    session.view.maskBelowDb = 50.0;
    session.view.logConvergence = true;
    session.view.timeBegin = 0.5;
    session.view.timeEnd = 2.25;
    session.panel.algorithm = Algorithm::Gla;
    session.panel.init = InitialPhase::Random;
    session.panel.iterations = 64;
    session.panel.seed = 7;

    SessionRun run;
    run.name = "fgla, init random";
    run.options.algorithm = Algorithm::Fgla;
    run.options.init = InitialPhase::Random;
    run.options.iterations = 3;
    run.options.seed = 42;
    run.params = session.params;
    run.sampleRate = 22050.0;
    run.frames = 431;
    run.threads = 2;
    run.iterationsDone = 2;
    run.secondsTotal = 0.5;
    run.secondsPerIteration = 0.125;
    run.cancelled = true;
    run.audio = "session.run1.wav";
    for (int i = 0; i < 3; ++i) {
        IterationRecord record;
        record.iteration = i;
        record.spectralConvergenceDb = -3.0 - 4.5 * i;
        record.melSpectralConvergenceDb = -5.0 - 3.0 * i;
        record.seconds = 0.1 * (i + 1);
        PhaseErrors errors;
        errors.raw = 2.0 - 0.25 * i;
        errors.signCorrected = 1.5 - 0.25 * i;
        errors.unweighted = 3.25;
        errors.componentCorrected = 0.5 - 0.125 * i;
        errors.components = 5;
        errors.componentsFlipped = i;
        record.phase = errors;
        run.iterations.push_back(record);
    }
    run.snr = SnrFigures{2.5, 3.5};
    session.runs.push_back(run);

    SessionRun plain;
    plain.name = "spsi";
    plain.options.algorithm = Algorithm::Spsi;
    plain.params = session.params;
    IterationRecord only;
    only.spectralConvergenceDb = -12.0;
    plain.iterations.push_back(only);
    session.runs.push_back(plain);
    return session;
}

void expectRefused(const json& document, const char* fragment)
{
    try {
        sessionFromJson(document);
    } catch (const InputError& error) {
        const QString message = QString::fromUtf8(error.what());
        if (!message.contains(QString::fromUtf8(fragment)))
            QFAIL(qPrintable(QStringLiteral("message '%1' lacks '%2'").arg(message, QString::fromUtf8(fragment))));
        return;
    }
    QFAIL(qPrintable(QStringLiteral("accepted a bad session (expected an error mentioning '%1')").arg(QString::fromUtf8(fragment))));
}

} // namespace

class TestSession : public QObject {
    Q_OBJECT
private slots:
    void textRoundTrip()
    {
        const Session session = sampleSession();
        const Session back = parseSession(formatSession(session));
        QVERIFY(back == session);
        QCOMPARE(back.runs.size(), std::size_t(2));
        QCOMPARE(back.runs[0].iterations[2].phase->componentsFlipped, 2);
        QCOMPARE(back.runs[0].iterations[2].melSpectralConvergenceDb.value(), -11.0);
        QVERIFY(!back.runs[1].iterations[0].melSpectralConvergenceDb); // a run without a mel target
    }

    void fileRoundTrip()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string path = dir.filePath(QStringLiteral("s.phaselab")).toStdString();
        saveSession(path, sampleSession());
        QVERIFY(loadSession(path) == sampleSession());
        QVERIFY_THROWS_EXCEPTION(InputError, loadSession(dir.filePath(QStringLiteral("missing.phaselab")).toStdString()));
        QVERIFY_THROWS_EXCEPTION(Error, saveSession(dir.filePath(QStringLiteral("no/such/dir/s.phaselab")).toStdString(),
                                                    sampleSession()));
    }

    void runJsonHasTheCliMetricsKeys()
    {
        const json run = sessionRunToJson(sampleSession().runs[0]);
        for (const char* key : {"algorithm", "n_fft", "hop", "window", "bins", "frames", "threads", "seconds_total",
                                "seconds_per_iteration", "iterations", "final"})
            QVERIFY2(run.contains(key), key);
        QCOMPARE(run["algorithm"].get<std::string>(), std::string("fgla"));
        QCOMPARE(run["bins"].get<int>(), 513);
        const json& first = run["iterations"][0];
        for (const char* key : {"iteration", "spectral_convergence_db", "phase_error", "phase_error_sign_corrected",
                                "phase_error_unweighted", "phase_error_component_corrected", "components",
                                "components_flipped"})
            QVERIFY2(first.contains(key), key);
        QCOMPARE(first["spectral_convergence_db"].get<double>(), -3.0);
        QCOMPARE(run["final"]["spectral_convergence_db"].get<double>(), -12.0);
        QCOMPARE(run["final"]["snr_db"].get<double>(), 2.5);
        QCOMPARE(run["final"]["snr_db_sign_corrected"].get<double>(), 3.5);
        // Without a reference the phase errors are null, as the CLI writes them.
        const json plain = sessionRunToJson(sampleSession().runs[1]);
        QVERIFY(plain["iterations"][0]["phase_error"].is_null());
        QVERIFY(plain["final"]["snr_db"].is_null());
    }

    void nonFiniteNumbersBecomeNull()
    {
        Session session = sampleSession();
        session.runs[1].iterations[0].spectralConvergenceDb = -std::numeric_limits<double>::infinity();
        const json document = sessionToJson(session);
        QVERIFY(document["runs"][1]["iterations"][0]["spectral_convergence_db"].is_null());
        const Session back = sessionFromJson(document);
        QVERIFY(std::isnan(back.runs[1].iterations[0].spectralConvergenceDb));
    }

    void minimalSession()
    {
        const Session session = parseSession(R"({"format": "phaselab-session", "version": 1, "source": {"kind": "demo"}})");
        QCOMPARE(session.source.kind, SessionSource::Kind::Demo);
        QVERIFY(session.runs.empty());
        QVERIFY(session.view == SessionView{});
    }

    void malformedSessionsAreRefused()
    {
        const json good = sessionToJson(sampleSession());
        QVERIFY_THROWS_EXCEPTION(InputError, parseSession("not json"));
        QVERIFY_THROWS_EXCEPTION(InputError, parseSession("[1, 2]"));
        QVERIFY_THROWS_EXCEPTION(InputError, parseSession(std::string(100000, '[')));
        // A number beyond double's range (nlohmann's out_of_range, not a parse_error; from fuzzing).
        QVERIFY_THROWS_EXCEPTION(InputError, parseSession(R"({"format": "phaselab-session", "version": 5555e5555555555555555})"));
        expectRefused(json{{"format", "other"}}, "not a PhaseLab session");
        json bad = good;
        bad["version"] = 99;
        expectRefused(bad, "version 99");
        bad = good;
        bad.erase("source");
        expectRefused(bad, "missing field 'source'");
        bad = good;
        bad["source"]["kind"] = "video";
        expectRefused(bad, "source.kind");
        bad = good;
        bad["source"]["kind"] = "audio";
        bad["source"].erase("path");
        expectRefused(bad, "needs a 'path'");
        bad = good;
        bad["stft"]["n_fft"] = "1024";
        expectRefused(bad, "stft.n_fft: expected an integer");
        bad = good;
        bad["stft"]["n_fft"] = 1 << 30;
        expectRefused(bad, "stft.n_fft");
        bad = good;
        bad["stft"]["hop"] = 4096;
        expectRefused(bad, "stft");
        bad = good;
        bad["stft"]["window"] = "kaiser:abc";
        expectRefused(bad, "stft.window");
        bad = good;
        bad["view"]["range_db"] = -5;
        expectRefused(bad, "view.range_db");
        bad = good;
        bad["view"]["frequency_scale"] = "bark";
        expectRefused(bad, "view.frequency_scale: unknown value 'bark'");
        bad = good;
        bad["view"]["time_end"] = 0.1;
        expectRefused(bad, "view.time_end");
        bad = good;
        bad["view"]["colour"] = "red";
        expectRefused(bad, "unknown field 'colour'");
        bad = good;
        bad["panel"]["momentum"] = 1.5;
        expectRefused(bad, "panel.momentum");
        bad = good;
        bad["panel"]["seed"] = -1;
        expectRefused(bad, "panel.seed");
        bad = good;
        bad["runs"] = json::object();
        expectRefused(bad, "runs: expected an array");
        bad = good;
        bad["runs"][0]["algorithm"] = "magic";
        expectRefused(bad, "runs[0].algorithm");
        bad = good;
        bad["runs"][0]["bins"] = 100;
        expectRefused(bad, "runs[0].bins");
        bad = good;
        bad["runs"][0]["iterations"][1]["iteration"] = 0;
        expectRefused(bad, "iterations must increase");
        bad = good;
        bad["runs"][0]["iterations"][1]["spectral_convergence_db"] = "low";
        expectRefused(bad, "runs[0].iterations[1].spectral_convergence_db");
        bad = good;
        bad["runs"][0]["iterations"][1]["phase_error"] = 100.0;
        expectRefused(bad, "runs[0].iterations[1].phase_error");
        bad = good;
        bad["runs"][0]["iterations"][1]["components_flipped"] = 6;
        expectRefused(bad, "components_flipped");
        bad = good;
        bad["runs"] = json::array();
        for (std::size_t i = 0; i <= kSessionMaxRuns; ++i)
            bad["runs"].push_back(good["runs"][1]);
        expectRefused(bad, "more than 256 entries");
        bad = good;
        bad["source"]["path"] = std::string(5000, 'x');
        expectRefused(bad, "longer than 4096");
    }

    void oversizedFileIsRefusedBeforeReading()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.phaselab"));
        {
            std::ofstream out(path.toStdString(), std::ios::binary);
            out.seekp(80LL * 1024 * 1024);
            out.put(' ');
        }
        try {
            loadSession(path.toStdString());
            QFAIL("accepted an 80 MB session");
        } catch (const InputError& error) {
            QVERIFY(QString::fromUtf8(error.what()).contains(QStringLiteral("larger than any session")));
        }
    }
};

QTEST_APPLESS_MAIN(TestSession)
#include "test_session.moc"
