// SPDX-License-Identifier: GPL-3.0-or-later
// The workbench's open, import and session paths fed the bad-input files
// (tests/support/bad_input_files.hpp), offscreen. For each: an error dialog whose text names the problem,
// within 10 s; what was on screen (the demo's analysis, its STFT parameters, the title) stays; no
// input changed and nothing left behind. Also: a file over the memory limit is refused before it is
// read, and opening a long file shows its progress and can be cancelled, keeping what was shown.
#include "tests/support/bad_input_files.hpp"

#include "core/io/audio_file.hpp"
#include "core/base/memory_budget.hpp"
#include "ui/dialogs/import_dialog.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/panels/parameter_panel.hpp"
#include "ui/shell/workbench.hpp"
#include "ui/shell/session_io.hpp"

#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include <unistd.h>

#include <numbers>

using namespace phaselab;
using namespace phaselab::ui;

namespace {

/// What must not change when an open or import is refused.
struct ShownState {
    std::shared_ptr<const Analysis> analysis;
    QString title;
    StftParams params;

    static ShownState of(const MainWindow& window)
    {
        return {window.analysis(), window.windowTitle(), window.parameterPanel()->params()};
    }
    bool operator==(const ShownState& other) const
    {
        return analysis == other.analysis && title == other.title && params.nFft == other.params.nFft &&
               params.hop == other.params.hop && params.winLength == other.params.winLength &&
               params.window.toString() == other.params.window.toString();
    }
};

} // namespace

class TestGuiBadInputs : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void openRejectsBadAudio_data();
    void openRejectsBadAudio();
    void importRejectsBadSpectrograms_data();
    void importRejectsBadSpectrograms();
    void importDialogKeepsState();
    void sessionRejectsBadFiles_data();
    void sessionRejectsBadFiles();
    void memoryLimitRefusesBeforeReading();
    void longFileShowsProgressAndCancels();

private:
    /// The window showing the demo, settled (null when it did not settle within a minute).
    MainWindow* window();
    /// Waits for exactly one more error, then checks the dialog and that nothing changed.
    void expectRefusal(QSignalSpy& errors, const ShownState& before, const QString& pattern, const QString& context);

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
    QString inputs_;
    std::unique_ptr<Workbench> workbench_;
    MainWindow* window_ = nullptr;
    ReconstructionPanel* panel_ = nullptr;
};

void TestGuiBadInputs::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
    QCoreApplication::setOrganizationName(QStringLiteral("PhaseLabTests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_gui_bad_inputs"));
    QDir().mkpath(QStringLiteral(PHASELAB_SCREENSHOTS));
    inputs_ = work_.filePath(QStringLiteral("in"));
    QVERIFY(QDir().mkpath(inputs_));
    QVERIFY(bad_inputs::writeAll(inputs_));
    // Audio-named copies, so the open path (not the import dialog) takes them.
    QVERIFY(QFile::copy(inputs_ + "/empty.bin", inputs_ + "/empty.wav"));
    QVERIFY(QFile::copy(inputs_ + "/one_byte.bin", inputs_ + "/one_byte.flac"));
    QVERIFY(QFile::copy(inputs_ + "/text.csv", inputs_ + "/text.ogg"));
    QVERIFY(mkfifo(QFile::encodeName(inputs_ + "/a_fifo.wav").constData(), 0600) == 0);
    QVERIFY(QFile::copy(inputs_ + "/good.wav", inputs_ + "/unreadable.wav"));
    QFile::setPermissions(inputs_ + "/unreadable.wav", QFileDevice::Permissions());
}

void TestGuiBadInputs::cleanup()
{
    if (window_)
        for (QMessageBox* box : window_->findChildren<QMessageBox*>())
            box->close();
}

MainWindow* TestGuiBadInputs::window()
{
    if (!window_) {
        workbench_ = std::make_unique<Workbench>();
        window_ = &workbench_->window();
        panel_ = workbench_->reconstructionPanel();
        window_->show();
        window_->openDemo();
    }
    const bool settled = QTest::qWaitFor([this]() { return window_->analysis() && !window_->isBusy(); }, 60000);
    return settled ? window_ : nullptr;
}

void TestGuiBadInputs::expectRefusal(QSignalSpy& errors, const ShownState& before, const QString& pattern, const QString& context)
{
    QElapsedTimer timer;
    timer.start();
    QTRY_VERIFY2_WITH_TIMEOUT(errors.size() == 1, qPrintable("no error within 10 s: " + context), 10000);
    const QString message = errors.first().first().toString();
    QVERIFY2(message.contains(QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption)),
             qPrintable("the message should name the problem (" + pattern + "): " + message + "\n" + context));
    auto* dialog = window_->findChild<QMessageBox*>(QStringLiteral("errorDialog"));
    QVERIFY2(dialog && dialog->isVisible(), qPrintable("no error dialog: " + context));
    QCOMPARE(dialog->text(), message);
    QTRY_VERIFY_WITH_TIMEOUT(!window_->isBusy(), 10000);
    QVERIFY2(ShownState::of(*window_) == before, qPrintable("the window changed: " + context));
}

void TestGuiBadInputs::openRejectsBadAudio_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("pattern");
    QTest::newRow("missing") << "missing.wav" << "exist";
    QTest::newRow("directory") << "a_directory" << "folder|directory";
    QTest::newRow("empty") << "empty.wav" << "empty|format|recogni|audio";
    QTest::newRow("one byte") << "one_byte.flac" << "format|recogni|audio";
    QTest::newRow("WAV header on garbage") << "garbage.wav" << "wav|format|audio|data|sample|empty|length";
    QTest::newRow("NaN samples") << "nan.wav" << "nan|finite";
    QTest::newRow("Inf samples") << "inf.wav" << "inf|finite";
    QTest::newRow("text named .ogg") << "text.ogg" << "format|recogni|audio|ogg";
    QTest::newRow("fifo") << "a_fifo.wav" << "regular|fifo|pipe|not a file";
    QTest::newRow("unreadable") << "unreadable.wav" << "permission|read|access";
}

void TestGuiBadInputs::openRejectsBadAudio()
{
    QFETCH(QString, file);
    QFETCH(QString, pattern);
    if (geteuid() == 0 && file.startsWith(QLatin1String("unreadable")))
        QSKIP("running as root: permissions do not stop reading");
    QVERIFY(window());
    MainWindow& shown = *window_;
    const ShownState before = ShownState::of(shown);
    const auto inputs = bad_inputs::snapshot(inputs_);
    QSignalSpy errors(&shown, &MainWindow::errorOccurred);
    shown.openFile(inputs_ + "/" + file);
    expectRefusal(errors, before, pattern, "open " + file);
    QCOMPARE(bad_inputs::snapshot(inputs_), inputs);
    if (file == QLatin1String("garbage.wav"))
        QVERIFY(shown.grab().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_bad_inputs_open.png")));
}

void TestGuiBadInputs::importRejectsBadSpectrograms_data()
{
    QTest::addColumn<QString>("magnitude");
    QTest::addColumn<QString>("phase");
    QTest::addColumn<bool>("autoGuess");
    QTest::addColumn<QString>("pattern");
    const QString size = QStringLiteral("npy|size|bytes|truncat|large|short|small");
    QTest::newRow("missing") << "missing.npy" << "" << false << "exist|no such|not found";
    QTest::newRow("directory") << "a_directory" << "" << false << "directory|folder";
    QTest::newRow("fifo") << "a_fifo" << "" << false << "regular|fifo|pipe|not a file";
    QTest::newRow("unreadable") << "unreadable.npy" << "" << false << "permission|read|access";
    QTest::newRow("empty") << "empty.bin" << "" << false << "empty|size|bytes";
    QTest::newRow("one byte") << "one_byte.bin" << "" << false << "size|bytes|small|short|value";
    QTest::newRow("truncated npy") << "truncated.npy" << "" << false << size;
    QTest::newRow("npy claims 10^12 values") << "huge_claim.npy" << "" << false << size;
    QTest::newRow("npy shape overflows") << "overflow_claim.npy" << "" << false << size + "|overflow";
    QTest::newRow("npy negative shape") << "negative_shape.npy" << "" << false << "shape|negative";
    QTest::newRow("npy header length past the end") << "bad_header_length.npy" << "" << false << "header";
    QTest::newRow("npy header length overflows") << "overflow_header_length.npy" << "" << false << "header";
    QTest::newRow("npy fortran flag lies") << "lying_fortran.npy" << "" << false << "fortran";
    QTest::newRow("npy unsupported dtype") << "bad_dtype.npy" << "" << false << "dtype|<U7|type";
    QTest::newRow("NaN magnitude") << "nan_mag.npy" << "phase.npy" << false << "nan|finite";
    QTest::newRow("Inf phase") << "mag.npy" << "inf_phase.npy" << false << "inf|finite";
    QTest::newRow("negative magnitude") << "negative_mag.npy" << "" << false << "negative";
    QTest::newRow("shapes differ") << "mag.npy" << "phase_other_shape.npy" << false << "shape|size|differ|match";
    QTest::newRow("raw size not whole values") << "odd_size.f32" << "" << false << "size|bytes|multiple|whole";
    QTest::newRow("non-numeric CSV") << "text.csv" << "" << false << "csv|number|numeric|parse|hello|line";
    QTest::newRow("ragged CSV") << "ragged.csv" << "" << false << "csv|column|ragged|line|row";
    QTest::newRow("guesser: empty") << "empty.bin" << "" << true << "empty|size|bytes";
    QTest::newRow("guesser: ragged CSV") << "ragged.csv" << "" << true << "csv|column|ragged|line|row";
    QTest::newRow("guesser: shapes differ") << "mag.npy" << "phase_other_shape.npy" << true << "shape|size|differ|match|but the phase";
}

void TestGuiBadInputs::importRejectsBadSpectrograms()
{
    QFETCH(QString, magnitude);
    QFETCH(QString, phase);
    QFETCH(bool, autoGuess);
    QFETCH(QString, pattern);
    if (geteuid() == 0 && magnitude.startsWith(QLatin1String("unreadable")))
        QSKIP("running as root: permissions do not stop reading");
    QVERIFY(window());
    MainWindow& shown = *window_;
    const ShownState before = ShownState::of(shown);
    const auto inputs = bad_inputs::snapshot(inputs_);
    ImportRequest request;
    request.files.magnitudePath = QFile::encodeName(inputs_ + "/" + magnitude).toStdString();
    if (!phase.isEmpty())
        request.files.phasePath = QFile::encodeName(inputs_ + "/" + phase).toStdString();
    request.autoGuess = autoGuess;
    QSignalSpy errors(&shown, &MainWindow::errorOccurred);
    shown.importSpectrogram(request);
    expectRefusal(errors, before, pattern, "import " + magnitude + (phase.isEmpty() ? QString() : " + " + phase));
    QCOMPARE(bad_inputs::snapshot(inputs_), inputs);
    if (magnitude == QLatin1String("huge_claim.npy"))
        QVERIFY(shown.grab().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_bad_inputs_import.png")));
}

void TestGuiBadInputs::importDialogKeepsState()
{
    // Through File > Open: a file that is not audio goes to the import dialog, which names the
    // problem under the file field and keeps Import off; nothing changes in the window. The
    // dialog stays with its fields until the user closes it.
    QVERIFY(window());
    MainWindow& shown = *window_;
    const ShownState before = ShownState::of(shown);
    for (const QString& file : {QStringLiteral("truncated.npy"), QStringLiteral("huge_claim.npy"), QStringLiteral("text.csv"),
                               QStringLiteral("negative_shape.npy")}) {
        shown.openFile(inputs_ + "/" + file);
        ImportDialog* dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = shown.findChild<ImportDialog*>()) && dialog->isVisible(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->previewPending(), 10000);
        QVERIFY2(!dialog->previewMessage().isEmpty(), qPrintable(file));
        if (file == QLatin1String("truncated.npy"))
            QVERIFY(dialog->grab().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_bad_inputs_import_dialog.png")));
        QSignalSpy errors(&shown, &MainWindow::errorOccurred);
        QPointer<ImportDialog> guard(dialog);
        auto* import = dialog->findChild<QPushButton*>(QStringLiteral("import"));
        QVERIFY2(!import->isEnabled(), qPrintable(file));
        dialog->accept(); // Ctrl+Return: refused as the button is
        QTest::qWait(200);
        QVERIFY2(dialog->isVisible() && errors.isEmpty(), qPrintable(file));
        QVERIFY(ShownState::of(shown) == before);
        dialog->reject();
        QTRY_VERIFY(guard.isNull()); // the dialog deletes itself on close
    }

    // A reading that previews but cannot be imported (a NaN magnitude): the error is shown inside
    // the dialog, which keeps every field; the window keeps what it showed.
    shown.openFile(inputs_ + "/nan_mag.npy");
    ImportDialog* dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = shown.findChild<ImportDialog*>()) && dialog->isVisible(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->previewPending() && dialog->preview(), 10000);
    const QString magnitudeField = dialog->findChild<QLineEdit*>(QStringLiteral("magnitudePath"))->text();
    QSignalSpy errors(&shown, &MainWindow::errorOccurred);
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty() && !dialog->importing(), 10000);
    QVERIFY2(dialog->isVisible(), "an import error closed the dialog");
    QVERIFY2(dialog->importError().contains(QStringLiteral("NaN"), Qt::CaseInsensitive), qPrintable(dialog->importError()));
    QVERIFY(!dialog->importError().contains(QStringLiteral("--")));
    QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("magnitudePath"))->text(), magnitudeField);
    QVERIFY(shown.findChild<QMessageBox*>(QStringLiteral("errorDialog")) == nullptr); // no second dialog on top
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isBusy(), 10000);
    QVERIFY(ShownState::of(shown) == before);
    QVERIFY(dialog->grab().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_bad_inputs_import_error_in_dialog.png")));
    QPointer<ImportDialog> guard(dialog);
    dialog->reject();
    QTRY_VERIFY(guard.isNull());
}

void TestGuiBadInputs::sessionRejectsBadFiles_data()
{
    QTest::addColumn<QString>("file");
    for (const char* file : {"missing.phaselab", "a_directory", "a_fifo", "empty.bin", "one_byte.bin", "text.csv",
                             "garbage.wav", "truncated.npy", "not_numbers.bin", "unreadable.npy"})
        QTest::newRow(file) << QString::fromLatin1(file);
}

void TestGuiBadInputs::sessionRejectsBadFiles()
{
    QFETCH(QString, file);
    if (geteuid() == 0 && file.startsWith(QLatin1String("unreadable")))
        QSKIP("running as root: permissions do not stop reading");
    QVERIFY(window());
    MainWindow& shown = *window_;
    const ShownState before = ShownState::of(shown);
    SessionIo* sessions = workbench_->sessions();
    QSignalSpy failed(sessions, &SessionIo::openFailed);
    QSignalSpy opened(sessions, &SessionIo::opened);
    QSignalSpy errors(&shown, &MainWindow::errorOccurred);
    QElapsedTimer timer;
    timer.start();
    sessions->open(inputs_ + "/" + file);
    QTRY_VERIFY2_WITH_TIMEOUT(!failed.isEmpty() || !opened.isEmpty(), qPrintable(file), 10000);
    QVERIFY(opened.isEmpty());
    QVERIFY2(timer.elapsed() < 10000, qPrintable(file));
    const QString error = failed.front().at(1).toString();
    QVERIFY2(!error.isEmpty() && error.contains(file.section(QLatin1Char('.'), 0, 0)), qPrintable(error));
    // The user reads it in the window's error dialog, and the window keeps what it showed.
    expectRefusal(errors, before, QRegularExpression::escape(QStringLiteral("cannot open the session: ") + error), "session " + file);
    QVERIFY(!shown.isBusy());
    QVERIFY(!sessions->busy());
    QVERIFY(ShownState::of(shown) == before);
}

void TestGuiBadInputs::memoryLimitRefusesBeforeReading()
{
    QVERIFY(window());
    MainWindow& shown = *window_;
    const ShownState before = ShownState::of(shown);
    // good.wav: 16000 samples, 64 KB; at 2048/512 its 32 frames x 1025 bins take 262 KB.
    shown.setMemoryLimit(parseByteSize("200K"));
    QSignalSpy errors(&shown, &MainWindow::errorOccurred);
    shown.openFile(inputs_ + "/good.wav");
    expectRefusal(errors, before, QStringLiteral("memory limit is 200\\.0 KiB: give --memory-limit [0-9]+M, or use a larger hop"),
                  QStringLiteral("memory limit"));
    QVERIFY2(errors.first().first().toString().contains(QLatin1String("spectrogram")), qPrintable(errors.first().first().toString()));
    shown.setMemoryLimit(defaultMemoryLimit());
    cleanup();
}

void TestGuiBadInputs::longFileShowsProgressAndCancels()
{
    // Four minutes at 44.1 kHz: long enough to be caught reading and computing.
    Signal signal;
    signal.sampleRate = 44100.0;
    signal.samples.resize(static_cast<std::size_t>(240 * 44100));
    for (std::size_t i = 0; i < signal.samples.size(); ++i)
        signal.samples[i] = static_cast<float>(0.3 * std::sin(2.0 * std::numbers::pi * 440.0 * static_cast<double>(i) / 44100.0));
    const QString path = work_.filePath(QStringLiteral("four_minutes.wav"));
    writeAudio(QFile::encodeName(path).toStdString(), signal);

    QVERIFY(window());
    MainWindow& shown = *window_;
    const ShownState before = ShownState::of(shown);
    auto* progress = shown.findChild<QProgressBar*>(QStringLiteral("analysisProgress"));
    auto* cancel = shown.findChild<QToolButton*>(QStringLiteral("cancelAnalysis"));
    auto* info = shown.findChild<QLabel*>(QStringLiteral("info"));
    QVERIFY(progress && cancel && info);
    QVERIFY(progress->isHidden() && cancel->isHidden());
    QStringList stages;
    // Every report, also a stage so quick that the bar's value never moves within it.
    connect(&shown, &MainWindow::progressReported, this, [&](const QString& stage) {
        if (stages.isEmpty() || stages.last() != stage)
            stages << stage;
    });
    QSignalSpy errors(&shown, &MainWindow::errorOccurred);

    // Cancelled while reading or computing: the demo stays, with no error.
    shown.openFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(progress->isVisible() && cancel->isVisible(), 20000);
    QVERIFY(shown.grab().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_bad_inputs_progress.png")));
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isBusy(), 20000);
    QVERIFY(ShownState::of(shown) == before);
    QCOMPARE(errors.size(), 0);
    QCOMPARE(info->text(), QStringLiteral("Opening cancelled"));
    QVERIFY(progress->isHidden() && cancel->isHidden());

    // Opened in full: reading, then the first look, then the STFT, in that order.
    stages.clear();
    shown.openFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(shown.analysis() != before.analysis && !shown.analysis()->preview && !shown.isBusy(), 60000);
    QCOMPARE(errors.size(), 0);
    QCOMPARE(shown.analysis()->signal->length(), std::int64_t(240 * 44100));
    QVERIFY(progress->isHidden() && cancel->isHidden());
    QVERIFY2(stages.contains(QStringLiteral("Reading four_minutes.wav")) && stages.contains(QStringLiteral("First look")) &&
                 stages.contains(QStringLiteral("STFT")),
             qPrintable(stages.join(QStringLiteral(", "))));
    QVERIFY2(stages.indexOf(QStringLiteral("Reading four_minutes.wav")) < stages.indexOf(QStringLiteral("First look")) &&
                 stages.indexOf(QStringLiteral("First look")) < stages.lastIndexOf(QStringLiteral("STFT")),
             qPrintable(stages.join(QStringLiteral(", "))));

    // A recompute (hop 512 -> 256) cancelled: the full analysis and its parameters stay.
    const ShownState opened = ShownState::of(shown);
    shown.setStftParams([&] { StftParams params = opened.params; params.hop = 256; return params; }());
    QTRY_VERIFY_WITH_TIMEOUT(cancel->isVisible(), 20000);
    shown.cancelAnalysis();
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isBusy(), 20000);
    QVERIFY(ShownState::of(shown) == opened);
    QCOMPARE(info->text(), QStringLiteral("Recomputing cancelled"));
    QCOMPARE(errors.size(), 0);
}

QTEST_MAIN(TestGuiBadInputs)
#include "test_gui_bad_inputs.moc"
