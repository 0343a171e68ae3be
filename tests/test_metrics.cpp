#include <QTest>
class TestMetrics : public QObject { Q_OBJECT private slots: void placeholder() {} };
QTEST_APPLESS_MAIN(TestMetrics)
#include "test_metrics.moc"
