// SPDX-License-Identifier: GPL-3.0-or-later
// The bad-input matrix (no input may crash, hang or mislead, CLI.md): phaselab-cli's info, analyze, guess and reconstruct fed
// malformed inputs. For each: exit status 1, exactly one stderr line, starting with "error:" and
// naming the problem; no signal; done in under 10 s; no output file left behind; inputs unchanged.
// Peak memory of the children is checked at the end (getrusage RUSAGE_CHILDREN) against 1 GiB.
#include "tests/support/bad_input_files.hpp"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>
#include <unistd.h>

namespace {

struct Case {
    QString name;
    QStringList arguments;     // $D is replaced by the case folder
    QString expectPattern;     // what the error line must mention (case-insensitive regex)
};

} // namespace

class TestBadInputs : public QObject {
    Q_OBJECT

    QTemporaryDir root_;
    QString inputs_;

private slots:
    void initTestCase()
    {
        QVERIFY(root_.isValid());
        inputs_ = root_.path() + "/in";
        QDir().mkpath(inputs_);
        QVERIFY(bad_inputs::writeAll(inputs_));
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expectPattern");
        const QString mag = "--magnitude";
        const QList<Case> cases = {
            // info
            {"info: missing file", {"info", "$D/missing.wav"}, "exist|not found|no such"},
            {"info: directory", {"info", "$D/a_directory"}, "directory"},
            {"info: fifo", {"info", "$D/a_fifo"}, "regular|fifo|pipe|not a file"},
            {"info: truncated npy", {"info", "$D/truncated.npy"}, "npy|size|bytes|truncat"},
            {"info: npy claims 10^12 values", {"info", "$D/huge_claim.npy"}, "npy|size|bytes|large"},
            {"info: npy shape overflows", {"info", "$D/overflow_claim.npy"}, "npy|size|bytes|large|overflow"},
            {"info: npy negative shape", {"info", "$D/negative_shape.npy"}, "shape|negative"},
            {"info: npy header length past the end", {"info", "$D/bad_header_length.npy"}, "header"},
            {"info: npy header length overflows", {"info", "$D/overflow_header_length.npy"}, "header"},
            {"info: npy fortran flag lies", {"info", "$D/lying_fortran.npy"}, "fortran"},
            {"info: npy unsupported dtype", {"info", "$D/bad_dtype.npy"}, "dtype|<U7|type"},
            // analyze
            {"analyze: missing audio", {"analyze", "$D/missing.wav", mag, "$D/out.npy"}, "exist|not found|no such"},
            {"analyze: directory", {"analyze", "$D/a_directory", mag, "$D/out.npy"}, "directory"},
            {"analyze: empty file", {"analyze", "$D/empty.bin", mag, "$D/out.npy"}, "empty|format|recogni|audio"},
            {"analyze: one byte", {"analyze", "$D/one_byte.bin", mag, "$D/out.npy"}, "format|recogni|audio"},
            {"analyze: WAV header on garbage", {"analyze", "$D/garbage.wav", mag, "$D/out.npy"}, "wav|format|audio|data|sample|empty|length"},
            {"analyze: NaN samples", {"analyze", "$D/nan.wav", mag, "$D/out.npy"}, "nan|finite"},
            {"analyze: Inf samples", {"analyze", "$D/inf.wav", mag, "$D/out.npy"}, "inf|finite"},
            {"analyze: n_fft 1", {"analyze", "$D/good.wav", "--n-fft", "1", mag, "$D/out.npy"}, "n.fft"},
            {"analyze: hop 0", {"analyze", "$D/good.wav", "--hop", "0", mag, "$D/out.npy"}, "hop"},
            {"analyze: hop beyond the window", {"analyze", "$D/good.wav", "--n-fft", "256", "--hop", "300", mag, "$D/out.npy"}, "hop"},
            {"analyze: window longer than n_fft", {"analyze", "$D/good.wav", "--n-fft", "256", "--win-length", "512", mag, "$D/out.npy"}, "window|win"},
            {"analyze: unknown window", {"analyze", "$D/good.wav", "--window", "triangle-ish", mag, "$D/out.npy"}, "window"},
            {"analyze: kaiser without beta", {"analyze", "$D/good.wav", "--window", "kaiser", mag, "$D/out.npy"}, "kaiser|parameter|beta"},
            {"analyze: channel out of range", {"analyze", "$D/good.wav", "--channel", "3", mag, "$D/out.npy"}, "channel"},
            {"analyze: unknown scale", {"analyze", "$D/good.wav", "--scale", "loud", mag, "$D/out.npy"}, "scale|loud"},
            {"analyze: output is the input", {"analyze", "$D/good.wav", mag, "$D/good.wav"}, "input|same"},
            {"analyze: output folder missing", {"analyze", "$D/good.wav", mag, "$D/no/such/folder/out.npy"}, "folder|directory|exist|no such"},
            {"analyze: output folder is a file", {"analyze", "$D/good.wav", mag, "$D/mag.f32/out.npy"}, "folder|directory|not a dir|exist"},
            // reconstruct
            {"reconstruct: magnitude/phase shapes differ", {"reconstruct", mag, "$D/mag.npy", "--phase", "$D/phase_other_shape.npy", "--n-fft", "256", "--hop", "64", "--algorithm", "istft", "--out", "$D/out.wav"}, "shape|size|differ|match"},
            {"reconstruct: NaN magnitude", {"reconstruct", mag, "$D/nan_mag.npy", "--phase", "$D/phase.npy", "--n-fft", "256", "--hop", "64", "--algorithm", "istft", "--out", "$D/out.wav"}, "nan|finite"},
            {"reconstruct: Inf phase", {"reconstruct", mag, "$D/mag.npy", "--phase", "$D/inf_phase.npy", "--n-fft", "256", "--hop", "64", "--algorithm", "istft", "--out", "$D/out.wav"}, "inf|finite"},
            {"reconstruct: negative magnitude", {"reconstruct", mag, "$D/negative_mag.npy", "--n-fft", "256", "--hop", "64", "--algorithm", "gla", "--iterations", "2", "--out", "$D/out.wav"}, "negative"},
            {"reconstruct: truncated npy", {"reconstruct", mag, "$D/truncated.npy", "--n-fft", "256", "--hop", "64", "--out", "$D/out.wav"}, "npy|size|bytes|truncat"},
            {"reconstruct: npy claims 10^12 values", {"reconstruct", mag, "$D/huge_claim.npy", "--n-fft", "256", "--out", "$D/out.wav"}, "npy|size|bytes|large"},
            {"reconstruct: raw size not whole values", {"reconstruct", mag, "$D/odd_size.f32", "--dtype", "float32", "--bins", "129", "--n-fft", "256", "--out", "$D/out.wav"}, "size|bytes|multiple|whole"},
            {"reconstruct: raw bins do not divide", {"reconstruct", mag, "$D/mag.f32", "--dtype", "float32", "--bins", "100", "--n-fft", "256", "--out", "$D/out.wav"}, "bins|divide|size"},
            {"reconstruct: NOLA violation", {"reconstruct", mag, "$D/mag.npy", "--phase", "$D/phase.npy", "--n-fft", "256", "--hop", "256", "--window", "hann,symmetric", "--algorithm", "istft", "--sample-rate", "8000", "--out", "$D/out.wav"}, "nola"},
            {"reconstruct: unknown algorithm", {"reconstruct", mag, "$D/mag.npy", "--n-fft", "256", "--algorithm", "magic", "--out", "$D/out.wav"}, "algorithm|magic"},
            {"reconstruct: negative iterations", {"reconstruct", mag, "$D/mag.npy", "--n-fft", "256", "--iterations", "-3", "--out", "$D/out.wav"}, "iteration"},
            {"reconstruct: output is an input", {"reconstruct", mag, "$D/mag.npy", "--n-fft", "256", "--out", "$D/mag.npy"}, "input|same"},
            {"reconstruct: missing reference", {"reconstruct", mag, "$D/mag.npy", "--phase", "$D/phase.npy", "--n-fft", "256", "--hop", "64", "--algorithm", "istft", "--reference", "$D/missing.wav", "--out", "$D/out.wav"}, "exist|not found|no such"},
            {"reconstruct: non-numeric CSV", {"reconstruct", mag, "$D/text.csv", "--n-fft", "256", "--out", "$D/out.wav"}, "csv|number|numeric|parse|hello|line"},
            {"reconstruct: audio is garbage", {"reconstruct", "--audio", "$D/garbage.wav", "--out", "$D/out.wav"}, "wav|format|audio|data|sample|empty|length"},
            {"reconstruct: unreadable file", {"reconstruct", mag, "$D/unreadable.npy", "--n-fft", "256", "--out", "$D/out.wav"}, "permission|read|access"},
            // guess
            {"guess: empty file", {"guess", mag, "$D/empty.bin", "--json"}, "empty|size|bytes"},
            {"guess: one byte", {"guess", mag, "$D/one_byte.bin", "--json"}, "size|bytes|small|short"},
            {"guess: non-numeric CSV", {"guess", mag, "$D/text.csv", "--json"}, "csv|number|numeric|parse|hello|line|read"},
            {"guess: ragged CSV", {"guess", mag, "$D/ragged.csv", "--json"}, "csv|column|ragged|line|row"},
            {"guess: directory", {"guess", mag, "$D/a_directory", "--json"}, "directory"},
            {"guess: fifo", {"guess", mag, "$D/a_fifo", "--json"}, "regular|fifo|pipe|not a file"},
            {"guess: shapes differ", {"guess", mag, "$D/mag.npy", "--phase", "$D/phase_other_shape.npy", "--json"}, "shape|size|differ|match|but the phase"},
            {"guess: npy header length overflows", {"guess", mag, "$D/overflow_header_length.npy", "--json"}, "header"},
        };
        for (const auto& entry : cases)
            QTest::newRow(qPrintable(entry.name)) << entry.arguments << entry.expectPattern;
    }

    void rejectsBadInput()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expectPattern);
        if (geteuid() == 0 && arguments.join(' ').contains("unreadable"))
            QSKIP("running as root: permissions do not stop reading");
        for (auto& argument : arguments)
            argument.replace("$D", inputs_);
        const auto before = bad_inputs::snapshot(inputs_);

        QProcess process;
        QElapsedTimer timer;
        timer.start();
        process.start(PHASELAB_CLI, arguments);
        QVERIFY(process.waitForStarted());
        const bool finished = process.waitForFinished(10000);
        if (!finished) {
            process.kill();
            process.waitForFinished();
            QFAIL(qPrintable("did not finish in 10 s: phaselab-cli " + arguments.join(' ')));
        }
        const QString standardError = QString::fromUtf8(process.readAllStandardError());
        const QString context = "\nphaselab-cli " + arguments.join(' ') + "\nstderr: " + standardError;
        QVERIFY2(process.exitStatus() == QProcess::NormalExit, qPrintable("crashed" + context));
        QVERIFY2(process.exitCode() == 1, qPrintable(QString("exit %1").arg(process.exitCode()) + context));
        const QStringList lines = standardError.split('\n', Qt::SkipEmptyParts);
        QVERIFY2(lines.size() == 1, qPrintable("expected exactly one stderr line" + context));
        QVERIFY2(lines.first().startsWith("error: "), qPrintable("the line must start with 'error: '" + context));
        QVERIFY2(lines.first().contains(QRegularExpression(expectPattern, QRegularExpression::CaseInsensitiveOption)),
                 qPrintable("the message should name the problem (" + expectPattern + ")" + context));
        QVERIFY2(timer.elapsed() < 10000, qPrintable("too slow" + context));
        QCOMPARE(bad_inputs::snapshot(inputs_), before); // no output left behind, inputs unchanged
    }

    void childrenStayedUnderOneGibibyte()
    {
        rusage usage{};
        QCOMPARE(getrusage(RUSAGE_CHILDREN, &usage), 0);
        qInfo("largest child peak RSS: %ld KiB", usage.ru_maxrss);
        QVERIFY(usage.ru_maxrss < 1024L * 1024L);
    }

    void fullDiskLeavesNothing()
    {
        if (geteuid() != 0)
            QSKIP("mounting a tiny tmpfs needs root");
        const QString mountPoint = root_.path() + "/tiny";
        QDir().mkpath(mountPoint);
        QProcess mount;
        mount.start("mount", {"-t", "tmpfs", "-o", "size=32k", "tmpfs", mountPoint});
        mount.waitForFinished();
        if (mount.exitStatus() != QProcess::NormalExit || mount.exitCode() != 0)
            QSKIP("this machine does not allow mounting a tmpfs");
        QProcess process;
        process.start(PHASELAB_CLI, {"analyze", inputs_ + "/good.wav", "--n-fft", "512", "--magnitude", mountPoint + "/mag.npy",
                                     "--phase", mountPoint + "/phase.npy"});
        process.waitForFinished(10000);
        const QString standardError = QString::fromUtf8(process.readAllStandardError());
        const QStringList left = QDir(mountPoint).entryList(QDir::Files | QDir::Hidden);
        QProcess::execute("umount", {mountPoint});
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 1);
        QVERIFY2(standardError.startsWith("error: ") && standardError.count('\n') <= 1, qPrintable(standardError));
        QVERIFY2(standardError.contains(QRegularExpression("space|full|write", QRegularExpression::CaseInsensitiveOption)), qPrintable(standardError));
        QVERIFY2(left.isEmpty(), qPrintable(left.join(", ")));
    }
};

QTEST_GUILESS_MAIN(TestBadInputs)
#include "test_bad_inputs.moc"
