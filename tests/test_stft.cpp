#include <QTest>
class TestStft : public QObject { Q_OBJECT private slots: void placeholder() {} };
QTEST_APPLESS_MAIN(TestStft)
#include "test_stft.moc"
