#include <QTest>
class TestWindow : public QObject { Q_OBJECT private slots: void placeholder() {} };
QTEST_APPLESS_MAIN(TestWindow)
#include "test_window.moc"
