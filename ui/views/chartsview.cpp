#include "views/chartsview.h"

#include "models/statsrecorder.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QSettings>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace sy::ui {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;
constexpr int kMaxPointsPerSeries = 600; // longer windows are thinned to this many samples
constexpr const char *kWindowSetting = "charts/windowMinutes";

QChartView *makeView(const QString &title, QWidget *parent)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(150);
    return view;
}

// Clears the chart and gives it a time axis over the window and a value axis.
std::pair<QDateTimeAxis *, QValueAxis *> resetAxes(QChart *chart, qint64 now, qint64 windowMs, const QString &unit)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes())
        chart->removeAxis(axis);
    auto *time = new QDateTimeAxis;
    time->setFormat(QStringLiteral("HH:mm"));
    time->setRange(QDateTime::fromMSecsSinceEpoch(now - windowMs), QDateTime::fromMSecsSinceEpoch(now));
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
    if (auto *line = qobject_cast<QXYSeries *>(series)) {
        line->setPointsVisible(true); // a lone ten-second bucket is a dot, not nothing
        line->setMarkerSize(6);
    }
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

// The data point of `series` nearest in time to `at`.
QPointF nearest(const QXYSeries *series, const QPointF &at)
{
    QPointF best;
    double distance = -1;
    for (const QPointF &p : series->points()) {
        const double d = std::abs(p.x() - at.x());
        if (distance < 0 || d < distance) {
            distance = d;
            best = p;
        }
    }
    return best;
}

QString clock(double timeMs)
{
    return QDateTime::fromMSecsSinceEpoch(qint64(timeMs)).toString(QStringLiteral("HH:mm:ss"));
}

struct Scale {
    double top = 0;
    double above = 0; // the largest value left above the scale, 0 if none
};

// A scale for values with the odd outlier: it follows the typical values (the 90th
// percentile) when the largest is far beyond them, so one slow request does not flatten
// every other point to the floor.
Scale robustScale(std::vector<double> values, double floor)
{
    values.erase(std::remove(values.begin(), values.end(), 0.0), values.end());
    if (values.empty())
        return {floor, 0};
    std::sort(values.begin(), values.end());
    const double largest = values.back();
    const double typical = values[std::size_t(0.9 * double(values.size() - 1))];
    if (values.size() >= 5 && largest > 3 * typical)
        return {std::max(floor, typical * 1.5), largest};
    return {std::max(floor, largest * 1.15), 0};
}

} // namespace

ChartsView::ChartsView(const StatsRecorder *stats, QWidget *parent)
    : QWidget(parent), m_stats(stats), m_window(new QComboBox(this)), m_memory(makeView(tr("Memory per model"), this)),
      m_requests(makeView(tr("Requests and latency"), this)), m_tokens(makeView(tr("Tokens per second"), this)), m_hover(new QLabel(this))
{
    for (const int minutes : {5, 10, 30, 60})
        m_window->addItem(minutes < 60 ? tr("Last %1 minutes").arg(minutes) : tr("Last hour"), minutes);
    m_window->setCurrentIndex(std::max(0, m_window->findData(QSettings().value(QLatin1String(kWindowSetting), 10).toInt())));
    connect(m_window, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(QLatin1String(kWindowSetting), m_window->currentData().toInt());
        redraw();
    });
    auto *windowLabel = new QLabel(tr("&Window:"), this);
    windowLabel->setBuddy(m_window);
    m_hover->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *bar = new QHBoxLayout;
    bar->addWidget(windowLabel);
    bar->addWidget(m_window);
    bar->addSpacing(12);
    bar->addWidget(m_hover, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_memory, 1);
    layout->addWidget(m_requests, 1);
    layout->addWidget(m_tokens, 1);
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &ChartsView::redraw);
}

void ChartsView::setWindowMinutes(int minutes)
{
    m_window->setCurrentIndex(std::max(0, m_window->findData(minutes)));
}

qint64 ChartsView::windowMs() const
{
    return qint64(m_window->currentData().toInt()) * 60 * 1000;
}

QChart *ChartsView::memoryChart() const { return m_memory->chart(); }
QChart *ChartsView::requestsChart() const { return m_requests->chart(); }
QChart *ChartsView::tokensChart() const { return m_tokens->chart(); }
QString ChartsView::hoverText() const { return m_hover->text(); }

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

void ChartsView::showHover(const QString &name, double timeMs, double value, const QString &unit)
{
    m_hover->setText(QStringLiteral("%1 · %2 · %3 %4").arg(name, clock(timeMs), QLocale().toString(value, 'f', 1), unit).trimmed());
    QToolTip::showText(QCursor::pos(), m_hover->text(), this);
}

void ChartsView::explainOnHover(QXYSeries *series, const QString &name, const QString &unit)
{
    connect(series, &QXYSeries::hovered, this, [this, series, name, unit](const QPointF &at, bool entered) {
        if (!entered)
            return;
        const QPointF p = nearest(series, at);
        showHover(name, p.x(), p.y(), unit);
    });
}

void ChartsView::drawMemory(qint64 now)
{
    QChart *chart = m_memory->chart();
    const qint64 since = now - windowMs();
    const auto [x, y] = resetAxes(chart, now, windowMs(), tr("MiB"));
    const QStringList models = m_stats->memoryModels(since);
    chart->setTitle(models.isEmpty() ? tr("Memory per model — no model loaded in this window") : tr("Memory per model"));
    std::vector<const StatsRecorder::MemorySample *> samples;
    for (const StatsRecorder::MemorySample &s : m_stats->memory())
        if (s.timeMs >= since)
            samples.push_back(&s);
    const std::size_t stride = std::max<std::size_t>(1, samples.size() / kMaxPointsPerSeries);
    double top = 0;
    std::vector<double> below((samples.size() + stride - 1) / stride + 1, 0.0);
    for (const QString &model : models) {
        auto *upper = new QLineSeries;
        auto *lower = new QLineSeries;
        std::size_t i = 0;
        double lastLower = 0, lastUpper = 0;
        for (std::size_t s = 0; s < samples.size(); s += stride, ++i) {
            const auto it = samples[s]->bytes.find(model);
            const double mib = it == samples[s]->bytes.end() ? 0 : it->second / kMiB;
            lastLower = below[i];
            lastUpper = below[i] + mib;
            lower->append(double(samples[s]->timeMs), lastLower);
            upper->append(double(samples[s]->timeMs), lastUpper);
            below[i] = lastUpper;
            top = std::max(top, lastUpper);
        }
        // A reading holds until the next one: carry the last on to now.
        lower->append(double(now), lastLower);
        upper->append(double(now), lastUpper);
        auto *area = new QAreaSeries(upper, lower);
        area->setName(model);
        const QColor color = m_colors.colorFor(model);
        area->setColor(color);
        area->setBorderColor(color.darker(130));
        attach(chart, area, x, y);
        connect(area, &QAreaSeries::hovered, this, [this, upper, lower, model](const QPointF &at, bool entered) {
            if (!entered)
                return;
            const QPointF top = nearest(upper, at); // stacked: the model's own share is the band's height
            showHover(model, top.x(), top.y() - nearest(lower, top).y(), tr("MiB"));
        });
    }
    y->setRange(0, std::max(64.0, top * 1.15));
    y->applyNiceNumbers();
}

void ChartsView::drawRequests(qint64 now)
{
    QChart *chart = m_requests->chart();
    const qint64 since = now - windowMs();
    const auto [x, y] = resetAxes(chart, now, windowMs(), tr("ms"));
    auto *rate = new QLineSeries;
    rate->setName(tr("requests/s"));
    auto *p50 = new QLineSeries;
    p50->setName(tr("latency p50"));
    auto *p95 = new QLineSeries;
    p95->setName(tr("latency p95"));
    double maxRate = 0;
    std::vector<double> latencies;
    for (const StatsRecorder::Bucket &b : m_stats->buckets()) {
        if (b.startMs + StatsRecorder::kBucketMs < since)
            continue;
        const double mid = double(b.startMs + StatsRecorder::kBucketMs / 2);
        const double perSecond = b.requests * 1000.0 / StatsRecorder::kBucketMs;
        rate->append(mid, perSecond);
        p50->append(mid, b.percentile(0.5));
        p95->append(mid, b.percentile(0.95));
        maxRate = std::max(maxRate, perSecond);
        latencies.push_back(b.percentile(0.95));
    }
    const Scale scale = robustScale(latencies, 10.0);
    QString title = latencies.empty() ? tr("Requests and latency — no requests in this window") : tr("Requests and latency");
    if (scale.above > 0)
        title += QStringLiteral(" — ") + tr("peaks up to %1 ms above the scale").arg(QLocale().toString(scale.above, 'f', 0));
    chart->setTitle(title);
    attach(chart, p50, x, y);
    attach(chart, p95, x, y);
    explainOnHover(p50, p50->name(), tr("ms"));
    explainOnHover(p95, p95->name(), tr("ms"));
    y->setRange(0, scale.top);
    y->applyNiceNumbers();
    auto *rateAxis = new QValueAxis;
    rateAxis->setTitleText(tr("requests/s"));
    rateAxis->setLabelFormat(QStringLiteral("%.1f"));
    rateAxis->setRange(0, std::max(1.0, maxRate * 1.15));
    rateAxis->applyNiceNumbers();
    chart->addAxis(rateAxis, Qt::AlignRight);
    attach(chart, rate, x, rateAxis);
    explainOnHover(rate, rate->name(), QString());
}

void ChartsView::drawTokens(qint64 now)
{
    QChart *chart = m_tokens->chart();
    const qint64 since = now - windowMs();
    const auto [x, y] = resetAxes(chart, now, windowMs(), tr("tokens/s"));
    const QStringList models = m_stats->tokenModels(since);
    chart->setTitle(models.isEmpty() ? tr("Tokens per second — no tokens generated in this window") : tr("Tokens per second"));
    double top = 0;
    for (const QString &model : models) {
        auto *series = new QLineSeries;
        series->setName(model);
        series->setColor(m_colors.colorFor(model));
        for (const StatsRecorder::Bucket &b : m_stats->buckets()) {
            if (b.startMs + StatsRecorder::kBucketMs < since)
                continue;
            const auto it = b.tokens.find(model);
            const double rate = (it == b.tokens.end() ? 0 : it->second) * 1000.0 / StatsRecorder::kBucketMs;
            series->append(double(b.startMs + StatsRecorder::kBucketMs / 2), rate);
            top = std::max(top, rate);
        }
        attach(chart, series, x, y);
        explainOnHover(series, model, tr("tokens/s"));
    }
    y->setRange(0, std::max(10.0, top * 1.15));
    y->applyNiceNumbers();
}

} // namespace sy::ui
