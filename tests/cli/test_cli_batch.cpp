// SPDX-License-Identifier: GPL-3.0-or-later
// `phaselab-cli batch` through the binary: shards are disjoint and cover the list, a re-run skips
// what is done and redoes what was deleted, a bad input gives an error record while the rest goes
// on, stdout is one JSON object per input, results carry the input's SHA-256 (checked against
// coreutils' sha256sum and FIPS 180-4's examples), and --reconstruct writes audio that matches
// the signal the pair was made from.
#include "core/io/audio_file.hpp"
#include "core/io/sha256.hpp"
#include "tests/support/cli_run.hpp"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

class TestCliBatch : public QObject {
    Q_OBJECT

    QTemporaryDir folder_;
    phaselab::Signal signal_;

    struct Run {
        int exitCode = -1;
        QList<QJsonObject> lines; ///< stdout, one JSON object a line
        QString output;           ///< stdout and stderr, for messages
        bool allLinesJson = true;
    };

    /// phaselab-cli with its stdout read as one JSON object a line.
    static Run runJsonLines(const QStringList& arguments)
    {
        const phaselab::test::CliRun cli = phaselab::test::runCli(arguments);
        Run run;
        run.exitCode = cli.exitCode;
        run.output = cli.output();
        for (const QString& line : cli.out.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            const QJsonDocument document = QJsonDocument::fromJson(line.toUtf8());
            if (!document.isObject())
                run.allLinesJson = false;
            else
                run.lines.push_back(document.object());
        }
        return run;
    }

    QString path(const QString& name) const { return folder_.filePath(name); }

    void writeList(const QString& name, const QStringList& lines)
    {
        QFile file(path(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(lines.join('\n').toUtf8() + "\n");
    }

    static QJsonObject readJson(const QString& file)
    {
        QFile input(file);
        if (!input.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(input.readAll()).object();
    }

    static QSet<int> linesWithStatus(const Run& run, const QString& status)
    {
        QSet<int> lines;
        for (const QJsonObject& line : run.lines)
            if (line["status"].toString() == status)
                lines.insert(line["line"].toInt());
        return lines;
    }

    // The standard list: three magnitude-only inputs and a pair, every line an input except the
    // comment on line 2 and the blank line 5 (1-based).
    QStringList standardList() const
    {
        return {path("a.npy"), "# a comment is not an input", path("b.npy") + " --sample-rate 8000", path("c.npy"), "",
                path("pair_mag.npy") + " " + path("pair_phase.npy")};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(folder_.isValid());
        // A one-second chirp with a little tone on top: a signal with structure everywhere.
        signal_.sampleRate = 8000;
        signal_.samples.resize(8000);
        for (std::size_t n = 0; n < signal_.samples.size(); ++n) {
            const double t = static_cast<double>(n) / 8000.0;
            signal_.samples[n] = static_cast<float>(0.5 * std::sin(2 * M_PI * (200 * t + 900 * t * t)) +
                                                    0.2 * std::sin(2 * M_PI * 1234 * t));
        }
        phaselab::writeAudio(path("chirp.wav").toStdString(), signal_);
        const struct {
            const char* name;
            QStringList options;
        } inputs[] = {{"a", {"--n-fft", "512", "--hop", "128"}},
                      {"b", {"--n-fft", "256", "--hop", "64", "--window", "hamming"}},
                      {"c", {"--n-fft", "512", "--hop", "256"}}};
        for (const auto& input : inputs) {
            const Run run = runJsonLines(QStringList{"analyze", path("chirp.wav"), "--magnitude", path(QString(input.name) + ".npy")} +
                                   input.options);
            QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        }
        const Run pair = runJsonLines({"analyze", path("chirp.wav"), "--n-fft", "512", "--hop", "128", "--magnitude",
                                 path("pair_mag.npy"), "--phase", path("pair_phase.npy")});
        QVERIFY2(pair.exitCode == 0, qPrintable(pair.output));
        writeList("list.txt", standardList());
    }

    void sha256MatchesFipsExamples()
    {
        QCOMPARE(QString::fromStdString(phaselab::sha256Hex("", 0)),
                 QString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(QString::fromStdString(phaselab::sha256Hex("abc", 3)),
                 QString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        const std::string twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        QCOMPARE(QString::fromStdString(phaselab::sha256Hex(twoBlocks.data(), twoBlocks.size())),
                 QString("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
        // A million 'a's fed in uneven pieces.
        phaselab::Sha256 hash;
        const std::string piece(997, 'a');
        std::size_t fed = 0;
        while (fed < 1000000) {
            const std::size_t n = std::min<std::size_t>(piece.size() - (fed % 7), 1000000 - fed);
            hash.update(piece.data(), n);
            fed += n;
        }
        QCOMPARE(QString::fromStdString(hash.hexDigest()),
                 QString("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    }

    void shardsAreDisjointAndCoverTheList()
    {
        const int shards = 3;
        QSet<int> seen;
        for (int shard = 0; shard < shards; ++shard) {
            const QString out = path(QString("shard%1").arg(shard));
            const Run run = runJsonLines({"batch", "--list", path("list.txt"), "--out-dir", out, "--shard",
                                    QString("%1/%2").arg(shard).arg(shards), "--sample-rate", "8000"});
            QVERIFY2(run.exitCode == 0, qPrintable(run.output));
            QVERIFY2(run.allLinesJson, qPrintable(run.output));
            const QSet<int> done = linesWithStatus(run, "done");
            QCOMPARE(done.size(), run.lines.size());
            for (int line : done) {
                QCOMPARE((line - 1) % shards, shard); // 1-based in the records, 0-based in the rule
                QVERIFY2(!seen.contains(line), "a line was taken by two shards");
                seen.insert(line);
            }
            QCOMPARE(QDir(out).entryList({"*.json"}, QDir::Files).size(), done.size());
        }
        QCOMPARE(seen, (QSet<int>{1, 3, 4, 6}));
    }

    void resultHoldsTheGuessAndTheInputsDigest()
    {
        const QJsonObject result = readJson(path("shard0/a.json"));
        QVERIFY(!result.isEmpty());
        const QJsonObject best = result["candidates"].toArray().first().toObject();
        QCOMPARE(best["n_fft"].toInt(), 512);
        QCOMPARE(best["hop"].toInt(), 128);
        QVERIFY(result["seconds"].toDouble() > 0);
        QProcess sha256sum;
        sha256sum.start("sha256sum", {path("a.npy")});
        QVERIFY(sha256sum.waitForFinished(30000));
        const QString expected = QString::fromUtf8(sha256sum.readAllStandardOutput()).section(' ', 0, 0);
        QCOMPARE(expected.size(), 64);
        QCOMPARE(result["sha256"].toString(), expected);
        const QJsonObject pair = readJson(path("shard2/pair_mag.json"));
        QVERIFY(pair.contains("phase_sha256"));
        QCOMPARE(pair["input"].toObject()["phase"].toString(), path("pair_phase.npy"));
    }

    void aRerunSkipsWhatIsDoneAndRedoesWhatWasDeleted()
    {
        writeList("resume.txt", {path("a.npy"), path("c.npy")});
        const QString out = path("resume");
        const Run first = runJsonLines({"batch", "--list", path("resume.txt"), "--out-dir", out});
        QVERIFY2(first.exitCode == 0, qPrintable(first.output));
        QCOMPARE(linesWithStatus(first, "done"), (QSet<int>{1, 2}));
        const Run second = runJsonLines({"batch", "--list", path("resume.txt"), "--out-dir", out});
        QVERIFY2(second.exitCode == 0, qPrintable(second.output));
        QCOMPARE(linesWithStatus(second, "skipped"), (QSet<int>{1, 2}));
        QVERIFY(QFile::remove(out + "/c.json"));
        const Run third = runJsonLines({"batch", "--list", path("resume.txt"), "--out-dir", out});
        QVERIFY2(third.exitCode == 0, qPrintable(third.output));
        QCOMPARE(linesWithStatus(third, "skipped"), QSet<int>{1});
        QCOMPARE(linesWithStatus(third, "done"), QSet<int>{2});
        QVERIFY(QFile::exists(out + "/c.json"));
        QVERIFY(QDir(out).entryList({"*.tmp-*"}, QDir::Files).isEmpty());
    }

    void aBadInputGivesAnErrorRecordAndTheBatchGoesOn()
    {
        {
            QFile text(path("notes.txt"));
            QVERIFY(text.open(QIODevice::WriteOnly));
            text.write("these are minutes of a meeting, not a spectrogram\n");
        }
        QVERIFY(QDir(folder_.path()).mkpath("sub"));
        QVERIFY(QFile::copy(path("a.npy"), path("sub/a.npy")));
        writeList("bad.txt", {path("missing.npy"), path("a.npy"), path("sub/a.npy"), path("c.npy") + " --frobnicate",
                              path("c.npy") + " --sample-rate nope"});
        const QString out = path("bad");
        const Run run = runJsonLines({"batch", "--list", path("bad.txt"), "--out-dir", out, "--jobs", "2"});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.allLinesJson);
        QVERIFY2(run.output.contains("error: 3 of 5 inputs failed"), qPrintable(run.output));
        QCOMPARE(linesWithStatus(run, "error"), (QSet<int>{1, 4, 5}));
        QCOMPARE(linesWithStatus(run, "done"), (QSet<int>{2, 3}));
        const QJsonObject record = readJson(out + "/missing.error.json");
        QCOMPARE(record["status"].toString(), QString("error"));
        QVERIFY2(record["error"].toString().contains("does not exist"), qPrintable(record["error"].toString()));
        for (const QJsonObject& line : run.lines) {
            if (line["line"].toInt() == 4)
                QVERIFY2(line["error"].toString().contains("--frobnicate"), qPrintable(line["error"].toString()));
            if (line["line"].toInt() == 5)
                QVERIFY2(line["error"].toString().contains("nope"), qPrintable(line["error"].toString()));
        }
        // Two inputs with the stem a: their names are told apart, so neither result overwrites the other.
        const QStringList results = QDir(out).entryList({"a-*.json"}, QDir::Files);
        QCOMPARE(results.size(), 2);
        QVERIFY(!results[0].endsWith(".error.json") && !results[1].endsWith(".error.json"));
    }

    void reconstructWritesTheSoundOfThePair()
    {
        // The demo, as test_cli_auto analyses it: long enough for the guesser to be sure.
        const QString demo = QString(PHASELAB_RESOURCES) + "/demo.flac";
        const Run analysed = runJsonLines({"analyze", demo, "--n-fft", "512", "--hop", "128", "--window", "hamming", "--magnitude",
                                     path("demo_mag.npy"), "--phase", path("demo_phase.npy")});
        QVERIFY2(analysed.exitCode == 0, qPrintable(analysed.output));
        writeList("pair.txt", {path("demo_mag.npy") + " " + path("demo_phase.npy") + " --sample-rate 22050"});
        const QString out = path("pair");
        const Run run = runJsonLines({"batch", "--list", path("pair.txt"), "--out-dir", out, "--reconstruct"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        QCOMPARE(run.lines.size(), 1);
        QCOMPARE(run.lines[0]["wav"].toString(), out + "/demo_mag.wav");
        const phaselab::Signal original = phaselab::readAudio(demo.toStdString());
        const phaselab::Signal back = phaselab::readAudio((out + "/demo_mag.wav").toStdString());
        QCOMPARE(back.sampleRate, 22050.0);
        // Without the signal's length, the inverse is as long as torch.istft makes it (one hop short at most).
        QVERIFY2(back.samples.size() <= original.samples.size() && back.samples.size() + 128 >= original.samples.size(),
                 qPrintable(QString("%1 samples back, %2 analysed").arg(back.samples.size()).arg(original.samples.size())));
        double error = 0, energy = 0;
        for (std::size_t n = 0; n < back.samples.size(); ++n) {
            error += std::pow(back.samples[n] - original.samples[n], 2);
            energy += std::pow(original.samples[n], 2);
        }
        const double snr = 10 * std::log10(energy / error);
        qInfo("batch --reconstruct of an analysed pair: SNR %.1f dB against the original", snr);
        QVERIFY(snr > 40);
        const QJsonObject result = readJson(out + "/demo_mag.json");
        QCOMPARE(result["reconstruction"].toObject()["algorithm"].toString(), QString("istft"));
        // Done means both files: without the .wav the input is redone.
        QVERIFY(QFile::remove(out + "/demo_mag.wav"));
        const Run again = runJsonLines({"batch", "--list", path("pair.txt"), "--out-dir", out, "--reconstruct"});
        QCOMPARE(linesWithStatus(again, "done"), QSet<int>{1});
    }

    void reconstructsAMelDumpAsReconstructAutoDoes()
    {
        // A HiFi-GAN log-mel dump: batch --reconstruct runs the same pipeline, refinement rounds
        // included, and reports the same "mel" metrics as reconstruct --auto.
        const QString dump = QString(PHASELAB_FIXTURES) + "/mel/hifigan.npy";
        writeList("mel.txt", {dump + " --sample-rate 22050"});
        const QString out = path("mel");
        const Run run = runJsonLines({"batch", "--list", path("mel.txt"), "--out-dir", out, "--reconstruct"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        const QJsonObject mel = readJson(out + "/hifigan.json")["reconstruction"].toObject()["mel"].toObject();
        QCOMPARE(mel["rounds"].toInt(), 10);
        QCOMPARE(mel["n_mels"].toInt(), 80);
        const Run single = runJsonLines({"reconstruct", "--magnitude", dump, "--auto", "--sample-rate", "22050", "--out",
                                         path("mel_single.wav"), "--metrics", path("mel_single.json")});
        QVERIFY2(single.exitCode == 0, qPrintable(single.output));
        const QJsonObject expected = readJson(path("mel_single.json"))["mel"].toObject();
        const double batchDb = mel["spectral_convergence_db"].toDouble(), singleDb = expected["spectral_convergence_db"].toDouble();
        qInfo("mel SC: batch %.3f dB, reconstruct --auto %.3f dB", batchDb, singleDb);
        QVERIFY(batchDb < -20.0);
        QVERIFY(std::abs(batchDb - singleDb) < 0.05);
    }

    void badShardOrListIsRefused()
    {
        for (const char* shard : {"3/3", "-1/2", "1", "a/b", "0/0", "1/2x"}) {
            const Run run = runJsonLines({"batch", "--list", path("list.txt"), "--out-dir", path("x"), "--shard", shard});
            QCOMPARE(run.exitCode, 1);
            QVERIFY2(run.output.startsWith("error: --shard"), qPrintable(run.output));
        }
        const Run missing = runJsonLines({"batch", "--list", path("nolist.txt"), "--out-dir", path("x")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.output.startsWith("error:"), qPrintable(missing.output));
    }
};

QTEST_GUILESS_MAIN(TestCliBatch)
#include "test_cli_batch.moc"
