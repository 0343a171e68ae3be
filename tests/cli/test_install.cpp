// SPDX-License-Identifier: GPL-3.0-or-later
// Installs the build tree into a temporary DESTDIR (what the Debian package holds), then runs the
// installed phaselab-cli on the installed demo and validates the desktop entry and AppStream data,
// the licence and the machine-readable copyright file.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestInstall : public QObject {
    Q_OBJECT

    QTemporaryDir destination_;
    QString root_;

    struct Run {
        int exitCode;
        QString output;
    };

    static Run run(const QString& program, const QStringList& arguments, const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
    {
        QProcess process;
        process.setProcessEnvironment(environment);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(program, arguments);
        if (!process.waitForFinished(120000))
            return {-1, "timed out: " + program};
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
                QString::fromUtf8(process.readAll())};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(destination_.isValid());
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert("DESTDIR", destination_.path());
        const Run install = run(PHASELAB_CMAKE, {"--install", PHASELAB_BUILD_DIR, "--prefix", "/usr"}, environment);
        QVERIFY2(install.exitCode == 0, qPrintable(install.output));
        root_ = destination_.path() + "/usr";
    }

    void installsEveryPiece()
    {
        for (const char* path : {"bin/phaselab", "bin/phaselab-cli", "share/phaselab/demo.flac",
                                 "share/applications/org.phaselab.PhaseLab.desktop",
                                 "share/metainfo/org.phaselab.PhaseLab.metainfo.xml",
                                 "share/mime/packages/org.phaselab.PhaseLab.xml",
                                 "share/icons/hicolor/scalable/apps/org.phaselab.PhaseLab.svg",
                                 "share/icons/hicolor/256x256/apps/org.phaselab.PhaseLab.png",
                                 "share/bash-completion/completions/phaselab-cli",
                                 "share/doc/phaselab/copyright"})
            QVERIFY2(QFileInfo::exists(root_ + "/" + path), path);
        QVERIFY(QFileInfo(root_ + "/bin/phaselab-cli").isExecutable());
        if (PHASELAB_HAS_MAN_PAGE)
            QVERIFY(QFileInfo::exists(root_ + "/share/man/man1/phaselab-cli.1"));
    }

    void installedCliWorksOnInstalledDemo()
    {
        const QString cli = root_ + "/bin/phaselab-cli";
        const Run version = run(cli, {"--version"});
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(version.output.contains(PHASELAB_VERSION), qPrintable(version.output));
        const Run info = run(cli, {"info", root_ + "/share/phaselab/demo.flac"});
        QVERIFY2(info.exitCode == 0, qPrintable(info.output));
        QVERIFY2(info.output.contains("22050"), qPrintable(info.output));
    }

    void pythonModuleIsInstalledWhereDebianLooks()
    {
        if (!PHASELAB_HAS_PYTHON)
            QSKIP("built without the Python module (no pybind11)");
        const QString folder = root_ + "/lib/python3/dist-packages";
        QVERIFY2(!QDir(folder).entryList({"phaselab*.so"}, QDir::Files).isEmpty(), qPrintable(folder));
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert("PYTHONPATH", folder);
        const Run python = run("/usr/bin/python3", {"-c", "import phaselab; print(phaselab.__file__, phaselab.windows('hann', 4))"},
                               environment);
        QVERIFY2(python.exitCode == 0, qPrintable(python.output));
        QVERIFY2(python.output.startsWith(folder), qPrintable(python.output));
    }

    void desktopEntryAndMetainfoValidate()
    {
        const Run desktop = run("desktop-file-validate", {root_ + "/share/applications/org.phaselab.PhaseLab.desktop"});
        QVERIFY2(desktop.exitCode == 0, qPrintable(desktop.output));
        const Run appstream = run("appstreamcli", {"validate", "--no-net", root_ + "/share/metainfo/org.phaselab.PhaseLab.metainfo.xml"});
        QVERIFY2(appstream.exitCode == 0, qPrintable(appstream.output));
    }

    void licenceIsGpl3OrLater()
    {
        QFile licence(QStringLiteral(PHASELAB_SOURCE_DIR) + "/LICENSE");
        QVERIFY(licence.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(licence.readAll());
        QVERIFY(text.contains("GNU GENERAL PUBLIC LICENSE") && text.contains("Version 3, 29 June 2007"));
        QVERIFY2(text.contains("END OF TERMS AND CONDITIONS"), "LICENSE must hold the full text");
        QFile metainfo(root_ + "/share/metainfo/org.phaselab.PhaseLab.metainfo.xml");
        QVERIFY(metainfo.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(metainfo.readAll()).contains("<project_license>GPL-3.0-or-later</project_license>"));
    }

    // DEP-5: paragraphs separated by blank lines; every License named in a Files paragraph has
    // its text in a stand-alone License paragraph; the project itself is GPL-3+.
    void copyrightFileIsMachineReadable()
    {
        const QMap<QString, QString> licences = copyrightLicences();
        QCOMPARE(licences.value("*"), QString("GPL-3+"));
        QFile file(root_ + "/share/doc/phaselab/copyright");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY(text.startsWith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"));
        QSet<QString> texts;
        for (const QString& paragraph : text.split("\n\n"))
            if (paragraph.startsWith("License: ") && paragraph.contains("\n "))
                texts.insert(paragraph.section('\n', 0, 0).mid(9).trimmed());
        for (const QString& licence : licences)
            QVERIFY2(texts.contains(licence), qPrintable("no text for licence " + licence));
    }

    // Every library the installed programs link (their NEEDED entries), outside the C and C++
    // runtimes, has a stanza named for its Debian source package.
    void copyrightNamesEveryLinkedLibrary()
    {
        const QMap<QString, QString> licences = copyrightLicences();
        const QSet<QString> runtimes = {"glibc", "gcc-12", "gcc-13", "gcc-14"};
        int checked = 0;
        for (const char* program : {"bin/phaselab", "bin/phaselab-cli"}) {
            const Run objdump = run("objdump", {"-p", root_ + "/" + program});
            QVERIFY2(objdump.exitCode == 0, qPrintable(objdump.output));
            const Run ldd = run("ldd", {root_ + "/" + program});
            QVERIFY2(ldd.exitCode == 0, qPrintable(ldd.output));
            static const QRegularExpression needed(R"(NEEDED\s+(\S+))");
            for (auto match = needed.globalMatch(objdump.output); match.hasNext();) {
                const QString soname = match.next().captured(1);
                // "libX.so.1 => /path (0x...)", or for the dynamic loader "/path/ld-linux... (0x...)".
                const QRegularExpression resolved(QRegularExpression::escape(soname) + R"( => (\S+))");
                const QRegularExpression loader(R"((/\S*)" + QRegularExpression::escape(soname) + R"()\s)");
                QString path = resolved.match(ldd.output).captured(1);
                if (path.isEmpty())
                    path = loader.match(ldd.output).captured(1);
                QVERIFY2(!path.isEmpty(), qPrintable(soname + " not resolved by ldd"));
                // dpkg knows a library by the path its package installed: the link or its target.
                Run owner = run("dpkg", {"-S", path});
                if (owner.exitCode != 0)
                    owner = run("dpkg", {"-S", QFileInfo(path).canonicalFilePath()});
                QVERIFY2(owner.exitCode == 0, qPrintable(soname + ": " + owner.output));
                const QString package = owner.output.section(':', 0, 0).trimmed();
                const Run source = run("dpkg-query", {"-W", "-f=${source:Package}", package});
                QVERIFY2(source.exitCode == 0, qPrintable(source.output));
                const QString name = source.output.trimmed();
                if (runtimes.contains(name))
                    continue;
                QVERIFY2(licences.contains(name), qPrintable(QString(program) + " links " + soname + " from " + name +
                                                             ": add its licence to cmake/debian/copyright"));
                ++checked;
            }
        }
        QVERIFY(checked >= 6); // Qt, QCustomPlot, KissFFT, libsndfile, matio at least
    }

private:
    /// Files pattern -> License of each Files paragraph of the installed copyright file.
    QMap<QString, QString> copyrightLicences() const
    {
        QMap<QString, QString> licences;
        QFile file(root_ + "/share/doc/phaselab/copyright");
        if (!file.open(QIODevice::ReadOnly))
            return licences;
        for (const QString& paragraph : QString::fromUtf8(file.readAll()).split("\n\n")) {
            static const QRegularExpression files(R"(^Files: (.+)$)", QRegularExpression::MultilineOption);
            static const QRegularExpression licence(R"(^License: (.+)$)", QRegularExpression::MultilineOption);
            const auto filesMatch = files.match(paragraph);
            if (!filesMatch.hasMatch())
                continue;
            for (const QString& pattern : filesMatch.captured(1).split(' ', Qt::SkipEmptyParts))
                licences.insert(pattern, licence.match(paragraph).captured(1).trimmed());
        }
        return licences;
    }
};

QTEST_GUILESS_MAIN(TestInstall)
#include "test_install.moc"
