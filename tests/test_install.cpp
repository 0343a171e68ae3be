// Installs the build tree into a temporary DESTDIR (what the Debian package holds), then runs the
// installed phaselab-cli on the installed demo and validates the desktop entry and AppStream data.
#include <QDir>
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
                                 "share/bash-completion/completions/phaselab-cli"})
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

    void desktopEntryAndMetainfoValidate()
    {
        const Run desktop = run("desktop-file-validate", {root_ + "/share/applications/org.phaselab.PhaseLab.desktop"});
        QVERIFY2(desktop.exitCode == 0, qPrintable(desktop.output));
        const Run appstream = run("appstreamcli", {"validate", "--no-net", root_ + "/share/metainfo/org.phaselab.PhaseLab.metainfo.xml"});
        QVERIFY2(appstream.exitCode == 0, qPrintable(appstream.output));
    }
};

QTEST_GUILESS_MAIN(TestInstall)
#include "test_install.moc"
