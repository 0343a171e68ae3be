// SPDX-License-Identifier: GPL-3.0-or-later
// The documents stay true to the program: every example in docs/cli.md runs with the built CLI,
// every relative link and image in README.md and docs/*.md points at a file (and heading) that
// exists, and the guesser ranks the import tour pair's true making first, read from the committed
// script that made the pair (resources/make_import_tour.py), so the README need not state it.
//
// docs/cli.md conventions this test relies on: examples are the lines of ```sh blocks, each one a
// `phaselab-cli ...` command (a trailing backslash continues a line; `#` lines are comments); they
// run in order in one scratch folder holding a `resources` link to the repository's resources/, so
// `resources/demo.flac` works as written and later examples may read what earlier ones wrote.
// Commands that should fail, or other programs, belong in indented or ```text blocks.
#include "tests/support/cli_run.hpp"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using phaselab::test::CliRun;
using phaselab::test::runCli;

namespace {

const QString kRoot = QDir::cleanPath(QStringLiteral(PHASELAB_RESOURCES "/.."));

QString readText(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(file.readAll());
}

struct Example {
    int line = 0;      // 1-based line in docs/cli.md where the command starts
    QString text;      // as written (continuations joined)
    QStringList words; // split as a POSIX shell would, without expansions
    QString error;     // why it cannot be run, if it cannot
};

// Splits a command line into words: whitespace separates, '...' and "..." quote, \ escapes.
// Shell syntax beyond that (pipes, redirections, variables, globs) is refused: the test could not
// run it faithfully.
QStringList splitWords(const QString& line, QString* error)
{
    QStringList words;
    QString word;
    bool inWord = false;
    QChar quote;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            else if (c == '\\' && quote == '"' && i + 1 < line.size())
                word += line[++i];
            else
                word += c;
            continue;
        }
        if (c.isSpace()) {
            if (inWord)
                words << word;
            word.clear();
            inWord = false;
        } else if (c == '\'' || c == '"') {
            quote = c;
            inWord = true;
        } else if (c == '\\' && i + 1 < line.size()) {
            word += line[++i];
            inWord = true;
        } else if (QStringLiteral("|&;<>$`*?(){}").contains(c)) {
            *error = QStringLiteral("shell syntax '%1' is not supported in a docs/cli.md example").arg(c);
            return {};
        } else {
            word += c;
            inWord = true;
        }
    }
    if (!quote.isNull())
        *error = QStringLiteral("unterminated quote");
    if (inWord)
        words << word;
    return words;
}

QList<Example> cliExamples(const QString& markdown)
{
    QList<Example> examples;
    const QStringList lines = markdown.split('\n');
    bool inSh = false, inOtherFence = false;
    Example pending;
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i];
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(QLatin1String("```"))) {
            if (inSh || inOtherFence) {
                inSh = inOtherFence = false;
            } else {
                const QString info = trimmed.mid(3).trimmed();
                inSh = info == QLatin1String("sh") || info == QLatin1String("bash") || info == QLatin1String("shell");
                inOtherFence = !inSh;
            }
            continue;
        }
        if (!inSh)
            continue;
        if (pending.text.isEmpty()) {
            if (trimmed.isEmpty() || trimmed.startsWith('#'))
                continue;
            pending.line = i + 1;
        }
        QString part = trimmed;
        const bool continued = part.endsWith('\\');
        if (continued)
            part.chop(1);
        pending.text += (pending.text.isEmpty() ? QString() : QStringLiteral(" ")) + part.trimmed();
        if (continued)
            continue;
        pending.words = splitWords(pending.text, &pending.error);
        if (pending.error.isEmpty() && (pending.words.isEmpty() || pending.words.first() != QLatin1String("phaselab-cli")))
            pending.error = QStringLiteral("a ```sh example must be a phaselab-cli command");
        examples << pending;
        pending = Example();
    }
    return examples;
}

// The values of the options that name files the command writes.
QStringList outputsOf(const QStringList& words)
{
    QStringList outputs;
    QStringList outputOptions{QStringLiteral("--out"), QStringLiteral("--metrics")};
    if (words.size() > 1 && words[1] == QLatin1String("analyze"))
        outputOptions << QStringLiteral("--magnitude") << QStringLiteral("--phase");
    for (int i = 1; i + 1 < words.size(); ++i) {
        if (outputOptions.contains(words[i]))
            outputs << words[i + 1];
    }
    return outputs;
}

// GitHub's heading anchors: lower case, punctuation dropped (except - and _), spaces to hyphens.
QString headingAnchor(QString heading)
{
    heading = heading.trimmed().toLower();
    QString anchor;
    for (const QChar c : heading) {
        if (c.isLetterOrNumber() || c == '-' || c == '_')
            anchor += c;
        else if (c == ' ')
            anchor += '-';
    }
    return anchor;
}

// Markdown without fenced code blocks and inline code spans, which hold no links.
QString proseOf(const QString& markdown)
{
    QStringList kept;
    bool inFence = false;
    for (const QString& line : markdown.split('\n')) {
        if (line.trimmed().startsWith(QLatin1String("```"))) {
            inFence = !inFence;
            kept << QString();
            continue;
        }
        kept << (inFence || line.startsWith(QLatin1String("    ")) ? QString() : line);
    }
    QString prose = kept.join('\n');
    prose.remove(QRegularExpression(QStringLiteral("`[^`\n]*`")));
    return prose;
}

QSet<QString> anchorsOf(const QString& markdown)
{
    QSet<QString> anchors;
    bool inFence = false;
    for (const QString& line : markdown.split('\n')) {
        if (line.trimmed().startsWith(QLatin1String("```")))
            inFence = !inFence;
        else if (!inFence && line.startsWith('#'))
            anchors.insert(headingAnchor(QString(line).remove(QRegularExpression(QStringLiteral("^#+\\s*")))));
    }
    return anchors;
}

} // namespace

class TestDocs : public QObject {
    Q_OBJECT

private slots:
    void cliExamplesRun()
    {
        const QString markdown = readText(kRoot + "/docs/cli.md");
        QVERIFY2(!markdown.isEmpty(), "docs/cli.md is missing");
        const QList<Example> examples = cliExamples(markdown);
        QSet<QString> subcommands;
        for (const Example& example : examples) {
            QVERIFY2(example.error.isEmpty(),
                     qPrintable(QStringLiteral("docs/cli.md:%1: %2: %3").arg(example.line).arg(example.error, example.text)));
            if (example.words.size() > 1)
                subcommands.insert(example.words[1]);
        }
        for (const char* subcommand : {"info", "analyze", "reconstruct", "guess", "batch"})
            QVERIFY2(subcommands.contains(QLatin1String(subcommand)),
                     qPrintable(QStringLiteral("docs/cli.md has no example of %1").arg(QLatin1String(subcommand))));

        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        QVERIFY(QFile::link(QStringLiteral(PHASELAB_RESOURCES), folder.filePath(QStringLiteral("resources"))));
        QElapsedTimer total;
        total.start();
        for (const Example& example : examples) {
            const QString where = QStringLiteral("docs/cli.md:%1: %2").arg(example.line).arg(example.text);
            const QStringList outputs = outputsOf(example.words);
            for (const QString& output : outputs) {
                QVERIFY2(QDir::isRelativePath(output) && !output.startsWith(QLatin1String("resources/")) && !output.contains(QLatin1String("..")),
                         qPrintable(where + "\n  writes outside the working folder: " + output));
                QFile::remove(folder.filePath(output));
            }
            QElapsedTimer timer;
            timer.start();
            const CliRun run = runCli(example.words.mid(1), 120000, folder.path());
            qInfo("%5.2f s  %s", timer.elapsed() / 1000.0, qPrintable(example.text));
            QVERIFY2(run.exitCode == 0, qPrintable(QStringLiteral("%1\n  exit status %2%3: %4").arg(where).arg(run.exitCode)
                                                       .arg(run.timedOut ? " (timed out)" : "").arg(run.err.trimmed())));
            QVERIFY2(!run.out.trimmed().isEmpty(), qPrintable(where + "\n  printed nothing"));
            for (const QString& output : outputs) {
                const QFileInfo written(folder.filePath(output));
                QVERIFY2(written.exists() && written.size() > 0, qPrintable(where + "\n  did not write " + output));
            }
        }
        qInfo("%lld examples from docs/cli.md in %.1f s", static_cast<long long>(examples.size()), total.elapsed() / 1000.0);
    }

    void linksPointAtFiles()
    {
        QStringList documents{kRoot + "/README.md"};
        for (const QString& name : QDir(kRoot + "/docs").entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name))
            documents << kRoot + "/docs/" + name;
        QVERIFY(documents.size() >= 5);
        const QRegularExpression link(QStringLiteral("(!?)\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)"));
        int checked = 0;
        QStringList broken;
        for (const QString& document : documents) {
            const QString markdown = readText(document);
            const QString name = QDir(kRoot).relativeFilePath(document);
            QVERIFY2(!markdown.isEmpty(), qPrintable(name + " is empty or missing"));
            for (auto match = link.globalMatch(proseOf(markdown)); match.hasNext();) {
                const auto m = match.next();
                const bool image = !m.captured(1).isEmpty();
                const QString target = m.captured(2);
                if (target.contains(QLatin1String("://")) || target.startsWith(QLatin1String("mailto:")))
                    continue;
                ++checked;
                const int hash = target.indexOf('#');
                const QString path = hash < 0 ? target : target.left(hash);
                const QString anchor = hash < 0 ? QString() : target.mid(hash + 1);
                const QString file = path.isEmpty() ? document : QDir::cleanPath(QFileInfo(document).absolutePath() + "/" + path);
                if (!QFileInfo::exists(file)) {
                    broken << QStringLiteral("%1: %2 (no such file)").arg(name, target);
                    continue;
                }
                if (!QDir::cleanPath(file).startsWith(kRoot + "/"))
                    broken << QStringLiteral("%1: %2 (outside the repository)").arg(name, target);
                if (image && QFileInfo(file).size() > 400 * 1024)
                    broken << QStringLiteral("%1: %2 (image over 400 KB)").arg(name, target);
                if (!anchor.isEmpty() && file.endsWith(QLatin1String(".md")) && !anchorsOf(readText(file)).contains(anchor))
                    broken << QStringLiteral("%1: %2 (no heading with that anchor)").arg(name, target);
            }
        }
        QVERIFY2(broken.isEmpty(), qPrintable("broken links:\n  " + broken.join("\n  ")));
        qInfo("%d relative links and images checked in %lld documents", checked, static_cast<long long>(documents.size()));
        QVERIFY(checked > 10);
    }

    void guesserRanksTheImportTourFirst()
    {
        // The true making, read from the script that made the pair.
        const QString script = readText(kRoot + "/resources/make_import_tour.py");
        QVERIFY2(!script.isEmpty(), "resources/make_import_tour.py is missing");
        const auto find = [&script](const char* pattern) {
            return QRegularExpression(QString::fromLatin1(pattern)).match(script);
        };
        int nFft = 0, hop = 0;
        if (const auto both = find(R"(n_fft\s*,\s*hop\s*=\s*(\d+)\s*,\s*(\d+))"); both.hasMatch()) {
            nFft = both.captured(1).toInt();
            hop = both.captured(2).toInt();
        } else {
            nFft = find(R"(\bn_fft\s*=\s*(\d+))").captured(1).toInt();
            hop = find(R"(\bhop\s*=\s*(\d+))").captured(1).toInt();
        }
        QVERIFY2(nFft > 0 && hop > 0, "n_fft and hop not found in make_import_tour.py");
        const auto window = find(R"(torch\.(\w+)_window\(\s*n_fft\s*,\s*periodic\s*=\s*(True|False)\s*\))");
        QVERIFY2(window.hasMatch(), "torch.<name>_window(n_fft, periodic=...) not found in make_import_tour.py");
        const QString windowName = window.captured(1);
        const bool periodic = window.captured(2) == QLatin1String("True");
        const auto centred = find(R"(center\s*=\s*(True|False))");
        QVERIFY(centred.hasMatch());
        const bool centered = centred.captured(1) == QLatin1String("True");
        const QString scale = script.contains(QLatin1String("log10")) ? QStringLiteral("db")
                              : script.contains(QLatin1String("** 2")) ? QStringLiteral("power")
                                                                       : QStringLiteral("linear");
        const QString phaseUnit = script.contains(QLatin1String("degrees")) || script.contains(QLatin1String("rad2deg"))
                                      ? QStringLiteral("deg") : QStringLiteral("rad");
        const auto dtype = find("astype\\(\\s*[\"\x27]([<>])f([48])[\"\x27]\\s*\\)");
        QVERIFY2(dtype.hasMatch(), "astype(\"<f4\") or similar not found in make_import_tour.py");
        const QString byteOrder = dtype.captured(1) == QLatin1String("<") ? QStringLiteral("little") : QStringLiteral("big");
        const QString dtypeName = dtype.captured(2) == QLatin1String("4") ? QStringLiteral("float32") : QStringLiteral("float64");
        // torch.stft returns (bins, frames); written as it is, each bin's time series is contiguous.
        const QString layout = script.contains(QLatin1String(".T.")) || script.contains(QLatin1String("transpose"))
                                   ? QStringLiteral("frames_by_bins") : QStringLiteral("bins_by_frames");

        // The sample rate is the demo's (the script cuts the pair from it); ask the CLI for it.
        const CliRun info = runCli({"info", "--json", QStringLiteral(PHASELAB_RESOURCES "/demo.flac")}, 120000, kRoot);
        QCOMPARE(info.exitCode, 0);
        const QJsonObject demo = QJsonDocument::fromJson(info.out.toUtf8()).object();
        const QString sampleRate = QString::number(demo["sample_rate"].toDouble());

        const QString magnitude = QStringLiteral(PHASELAB_RESOURCES "/import_tour/speech.mag");
        const QString phase = QStringLiteral(PHASELAB_RESOURCES "/import_tour/speech.phase");
        QVERIFY(QFileInfo::exists(magnitude) && QFileInfo::exists(phase));
        QElapsedTimer timer;
        timer.start();
        const CliRun guessed = runCli({"guess", "--magnitude", magnitude, "--phase", phase, "--sample-rate", sampleRate,
                                       "--json", "--top", "3"},
                                      120000, kRoot);
        QVERIFY2(guessed.exitCode == 0, qPrintable(guessed.err));
        qInfo("guess on the import tour pair: %.2f s", timer.elapsed() / 1000.0);
        const QJsonObject best = QJsonDocument::fromJson(guessed.out.toUtf8()).object()["candidates"].toArray().first().toObject();
        QCOMPARE(best["rank"].toInt(), 1);
        const QJsonObject storage = best["storage"].toObject();
        QCOMPARE(storage["container"].toString(), QStringLiteral("raw"));
        QCOMPARE(storage["dtype"].toString(), dtypeName);
        QCOMPARE(storage["byte_order"].toString(), byteOrder);
        QCOMPARE(storage["layout"].toString(), layout);
        QCOMPARE(storage["header_bytes"].toInt(), 0);
        QCOMPARE(best["n_fft"].toInt(), nFft);
        QCOMPARE(best["win_length"].toInt(), nFft);
        QCOMPARE(best["hop"].toInt(), hop);
        QCOMPARE(best["bins"].toInt(), nFft / 2 + 1);
        QCOMPARE(qint64(best["bins"].toInt()) * best["frames"].toInt() * (dtypeName == QLatin1String("float32") ? 4 : 8),
                 QFileInfo(magnitude).size());
        QCOMPARE(best["window"].toObject()["name"].toString(), windowName);
        QCOMPARE(best["window"].toObject()["periodic"].toBool(), periodic);
        QCOMPARE(best["centered"].toBool(), centered);
        QCOMPARE(best["onesided"].toBool(), true);
        QCOMPARE(best["magnitude_scale"].toString(), scale);
        QCOMPARE(best["phase_unit"].toString(), phaseUnit);
    }
};

QTEST_APPLESS_MAIN(TestDocs)
#include "test_docs.moc"
