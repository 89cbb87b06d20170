// The charts, offscreen, from a StatsRecorder filled as the feed fills it: one colour per
// model in every chart, a latency scale that one slow request does not flatten, a window
// the operator chooses (and keeps), and the value under the pointer.
#include "models/statsrecorder.h"
#include "runningcore.h"
#include "views/chartsview.h"

#include <QAreaSeries>
#include <QChart>
#include <QDateTimeAxis>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineSeries>
#include <QSettings>
#include <QTest>
#include <QValueAxis>

using namespace sy::ui;

namespace {

QJsonObject record(const QString &model, double latencyMs, double tokensOut)
{
    return {{QStringLiteral("model"), model}, {QStringLiteral("latencyMs"), latencyMs}, {QStringLiteral("tokensOut"), tokensOut}};
}

QJsonArray memory(std::initializer_list<std::pair<const char *, double>> models)
{
    QJsonArray out;
    for (const auto &[id, mib] : models)
        out.append(QJsonObject{{QStringLiteral("id"), QLatin1String(id)}, {QStringLiteral("rssBytes"), mib * 1024 * 1024}});
    return out;
}

template<typename Series>
Series *seriesNamed(QChart *chart, const QString &name)
{
    for (QAbstractSeries *s : chart->series())
        if (s->name() == name)
            return qobject_cast<Series *>(s);
    return nullptr;
}

QValueAxis *leftAxis(QChart *chart)
{
    const auto axes = chart->axes(Qt::Vertical);
    for (QAbstractAxis *axis : axes)
        if (axis->alignment() == Qt::AlignLeft)
            return qobject_cast<QValueAxis *>(axis);
    return nullptr;
}

} // namespace

class TstCharts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        sy::test::isolateUserDirectories();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); // the numbers below are written the English way
    }

    void oneColourPerModelInEveryChart()
    {
        StatsRecorder stats;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        stats.addMemory(memory({{"alpha", 300}, {"beta", 500}}), now - 20'000);
        stats.addMemory(memory({{"beta", 500}}), now - 5'000);
        stats.addRequest(record(QStringLiteral("beta"), 800, 120), now - 15'000);
        ChartsView view(&stats);
        view.redraw();
        auto *alphaArea = seriesNamed<QAreaSeries>(view.memoryChart(), QStringLiteral("alpha"));
        auto *betaArea = seriesNamed<QAreaSeries>(view.memoryChart(), QStringLiteral("beta"));
        auto *betaLine = seriesNamed<QLineSeries>(view.tokensChart(), QStringLiteral("beta"));
        QVERIFY(alphaArea && betaArea && betaLine);
        QCOMPARE(betaLine->color(), betaArea->color());
        QVERIFY(alphaArea->color() != betaArea->color());
        // Redrawn (each second) and after another model came: the colours stay.
        stats.addMemory(memory({{"gamma", 100}, {"beta", 500}}), now);
        const QColor beta = betaArea->color();
        view.redraw();
        QCOMPARE(seriesNamed<QAreaSeries>(view.memoryChart(), QStringLiteral("beta"))->color(), beta);
    }

    void oneSlowRequestDoesNotFlattenTheLatencyScale()
    {
        StatsRecorder stats;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 30; i > 0; --i)
            stats.addRequest(record(QStringLiteral("m"), 100 + i, 10), now - i * StatsRecorder::kBucketMs);
        stats.addRequest(record(QStringLiteral("m"), 60'000, 10), now); // a cold load
        ChartsView view(&stats);
        view.redraw();
        QValueAxis *latency = leftAxis(view.requestsChart());
        QVERIFY(latency);
        QVERIFY2(latency->max() < 1000, qPrintable(QString::number(latency->max())));
        QVERIFY2(latency->max() >= 130, qPrintable(QString::number(latency->max()))); // the typical values fit
        QVERIFY2(view.requestsChart()->title().contains(QStringLiteral("60,000 ms above the scale")), qPrintable(view.requestsChart()->title()));

        // Without an outlier the scale covers the largest value, and says nothing more.
        StatsRecorder even;
        for (int i = 10; i > 0; --i)
            even.addRequest(record(QStringLiteral("m"), 100.0 * i, 10), now - i * StatsRecorder::kBucketMs);
        ChartsView plain(&even);
        plain.redraw();
        QVERIFY(leftAxis(plain.requestsChart())->max() >= 1000);
        QCOMPARE(plain.requestsChart()->title(), QStringLiteral("Requests and latency"));
    }

    void theWindowIsChosenAndKept()
    {
        StatsRecorder stats;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        stats.addRequest(record(QStringLiteral("m"), 200, 50), now - 25 * 60 * 1000);
        {
            ChartsView view(&stats);
            view.setWindowMinutes(10);
            view.redraw();
            QVERIFY2(view.requestsChart()->title().contains(QStringLiteral("no requests")), qPrintable(view.requestsChart()->title()));
            view.setWindowMinutes(30);
            QVERIFY2(!view.requestsChart()->title().contains(QStringLiteral("no requests")), qPrintable(view.requestsChart()->title()));
            auto *time = qobject_cast<QDateTimeAxis *>(view.requestsChart()->axes(Qt::Horizontal).value(0));
            QVERIFY(time);
            QVERIFY(std::abs(time->max().msecsTo(time->min()) + 30 * 60 * 1000) < 2000);
            QVERIFY(seriesNamed<QLineSeries>(view.tokensChart(), QStringLiteral("m")));
        }
        ChartsView again(&stats); // the next run opens with the window chosen last
        QCOMPARE(again.windowMs(), qint64(30) * 60 * 1000);
    }

    void hoveringALineShowsItsValue()
    {
        StatsRecorder stats;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        stats.addRequest(record(QStringLiteral("coder"), 500, 420), now - 30'000);
        stats.addMemory(memory({{"coder", 256}, {"other", 100}}), now - 10'000);
        ChartsView view(&stats);
        view.setWindowMinutes(5);
        view.redraw();
        auto *line = seriesNamed<QLineSeries>(view.tokensChart(), QStringLiteral("coder"));
        QVERIFY(line && !line->points().isEmpty());
        const QPointF point = line->points().first();
        Q_EMIT line->hovered(point + QPointF(1500, 3), true); // near the point, not on it
        QVERIFY2(view.hoverText().startsWith(QStringLiteral("coder · ")), qPrintable(view.hoverText()));
        QVERIFY2(view.hoverText().endsWith(QStringLiteral("42.0 tokens/s")), qPrintable(view.hoverText())); // 420 tokens in a 10 s bucket
        // A stacked memory band tells the model's own share, not the top of the stack.
        auto *area = seriesNamed<QAreaSeries>(view.memoryChart(), QStringLiteral("other"));
        QVERIFY(area);
        Q_EMIT area->hovered(area->upperSeries()->points().first(), true);
        QVERIFY2(view.hoverText().startsWith(QStringLiteral("other · ")) && view.hoverText().endsWith(QStringLiteral("100.0 MiB")),
                 qPrintable(view.hoverText()));
    }
};

QTEST_MAIN(TstCharts)
#include "tst_charts.moc"
