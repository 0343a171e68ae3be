#include <QTest>
class TestCliReconstruct : public QObject { Q_OBJECT private slots: void placeholder() {} };
QTEST_APPLESS_MAIN(TestCliReconstruct)
#include "test_cli_reconstruct.moc"
