#include "views/chartsview.h"

#include "models/statsrecorder.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

namespace sy::ui {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

QChartView *makeView(const QString &title, QWidget *parent)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(180);
    return view;
}

// Clears the chart and gives it a time axis over the window and a value axis.
std::pair<QDateTimeAxis *, QValueAxis *> resetAxes(QChart *chart, qint64 now, const QString &unit)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes())
        chart->removeAxis(axis);
    auto *time = new QDateTimeAxis;
    time->setFormat(QStringLiteral("HH:mm"));
    time->setRange(QDateTime::fromMSecsSinceEpoch(now - StatsRecorder::kWindowMs), QDateTime::fromMSecsSinceEpoch(now));
    time->setTickCount(6);
    auto *value = new QValueAxis;
    value->setTitleText(unit);
    value->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(time, Qt::AlignBottom);
    chart->addAxis(value, Qt::AlignLeft);
    return {time, value};
}

void attach(QChart *chart, QAbstractSeries *series, QAbstractAxis *x, QAbstractAxis *y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

// A "nothing to show yet" line, so an empty chart explains itself.
void emptyNote(QChart *chart, bool empty, const QString &note, const QString &title)
{
    chart->setTitle(empty ? title + QStringLiteral(" — ") + note : title);
}

} // namespace

ChartsView::ChartsView(const StatsRecorder *stats, QWidget *parent)
    : QWidget(parent), m_stats(stats), m_memory(makeView(tr("Memory per model"), this)),
      m_requests(makeView(tr("Requests and latency"), this)), m_tokens(makeView(tr("Tokens per second"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_memory, 1);
    layout->addWidget(m_requests, 1);
    layout->addWidget(m_tokens, 1);
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &ChartsView::redraw);
}

void ChartsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    redraw();
    m_timer.start();
}

void ChartsView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop();
}

void ChartsView::redraw()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    drawMemory(now);
    drawRequests(now);
    drawTokens(now);
}

void ChartsView::drawMemory(qint64 now)
{
    QChart *chart = m_memory->chart();
    const auto [x, y] = resetAxes(chart, now, tr("MiB"));
    const QStringList models = m_stats->memoryModels();
    emptyNote(chart, models.isEmpty(), tr("no model loaded in the last 10 minutes"), tr("Memory per model"));
    double top = 0;
    std::vector<double> below(m_stats->memory().size() + 1, 0.0);
    for (const QString &model : models) {
        auto *upper = new QLineSeries;
        auto *lower = new QLineSeries;
        std::size_t i = 0;
        double lastLower = 0, lastUpper = 0;
        for (const StatsRecorder::MemorySample &s : m_stats->memory()) {
            const auto it = s.bytes.find(model);
            const double mib = it == s.bytes.end() ? 0 : it->second / kMiB;
            lastLower = below[i];
            lastUpper = below[i] + mib;
            lower->append(double(s.timeMs), lastLower);
            upper->append(double(s.timeMs), lastUpper);
            below[i] = lastUpper;
            top = std::max(top, lastUpper);
            ++i;
        }
        // A reading holds until the next one: carry the last on to now.
        lower->append(double(now), lastLower);
        upper->append(double(now), lastUpper);
        auto *area = new QAreaSeries(upper, lower);
        area->setName(model);
        attach(chart, area, x, y);
    }
    y->setRange(0, std::max(64.0, top * 1.15));
    y->applyNiceNumbers();
}

void ChartsView::drawRequests(qint64 now)
{
    QChart *chart = m_requests->chart();
    const auto [x, y] = resetAxes(chart, now, tr("ms"));
    auto *rate = new QLineSeries;
    rate->setName(tr("requests/s"));
    auto *p50 = new QLineSeries;
    p50->setName(tr("latency p50"));
    auto *p95 = new QLineSeries;
    p95->setName(tr("latency p95"));
    double maxRate = 0, maxLatency = 0;
    for (const StatsRecorder::Bucket &b : m_stats->buckets()) {
        const double mid = double(b.startMs + StatsRecorder::kBucketMs / 2);
        rate->append(mid, b.requests * 1000.0 / StatsRecorder::kBucketMs);
        p50->append(mid, b.percentile(0.5));
        p95->append(mid, b.percentile(0.95));
        maxRate = std::max(maxRate, b.requests * 1000.0 / StatsRecorder::kBucketMs);
        maxLatency = std::max(maxLatency, b.percentile(0.95));
    }
    emptyNote(chart, m_stats->buckets().empty(), tr("no requests in the last 10 minutes"), tr("Requests and latency"));
    attach(chart, p50, x, y);
    attach(chart, p95, x, y);
    y->setRange(0, std::max(10.0, maxLatency * 1.15));
    y->applyNiceNumbers();
    auto *rateAxis = new QValueAxis;
    rateAxis->setTitleText(tr("requests/s"));
    rateAxis->setLabelFormat(QStringLiteral("%.1f"));
    rateAxis->setRange(0, std::max(1.0, maxRate * 1.15));
    rateAxis->applyNiceNumbers();
    chart->addAxis(rateAxis, Qt::AlignRight);
    attach(chart, rate, x, rateAxis);
}

void ChartsView::drawTokens(qint64 now)
{
    QChart *chart = m_tokens->chart();
    const auto [x, y] = resetAxes(chart, now, tr("tokens/s"));
    const QStringList models = m_stats->tokenModels();
    emptyNote(chart, models.isEmpty(), tr("no tokens generated in the last 10 minutes"), tr("Tokens per second"));
    double top = 0;
    for (const QString &model : models) {
        auto *series = new QLineSeries;
        series->setName(model);
        for (const StatsRecorder::Bucket &b : m_stats->buckets()) {
            const auto it = b.tokens.find(model);
            const double rate = (it == b.tokens.end() ? 0 : it->second) * 1000.0 / StatsRecorder::kBucketMs;
            series->append(double(b.startMs + StatsRecorder::kBucketMs / 2), rate);
            top = std::max(top, rate);
        }
        attach(chart, series, x, y);
    }
    y->setRange(0, std::max(10.0, top * 1.15));
    y->applyNiceNumbers();
}

} // namespace sy::ui
