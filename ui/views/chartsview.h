#pragma once
// Charts over a chosen window (5 minutes to an hour): memory per model (stacked), requests
// per second with latency p50/p95, and tokens per second per model. A model has the same
// colour in every chart; hovering a line shows its value; one slow request does not flatten
// the latency scale (the scale follows the typical values and says what it leaves out).
// Redrawn once a second, and only while the view is shown.

#include "widgets/seriescolors.h"

#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QXYSeries;

namespace sy::ui {

class StatsRecorder;

class ChartsView : public QWidget {
    Q_OBJECT
public:
    ChartsView(const StatsRecorder *stats, QWidget *parent = nullptr);
    void redraw();
    void setWindowMinutes(int minutes);
    qint64 windowMs() const;
    QChart *memoryChart() const;
    QChart *requestsChart() const;
    QChart *tokensChart() const;
    // What the pointer last rested on ("model · 14:03:20 · 245.0 MiB"), also shown under the charts.
    QString hoverText() const;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void drawMemory(qint64 now);
    void drawRequests(qint64 now);
    void drawTokens(qint64 now);
    // Hovering `series` shows the value of its point nearest the pointer.
    void explainOnHover(QXYSeries *series, const QString &name, const QString &unit);
    void showHover(const QString &name, double timeMs, double value, const QString &unit);

    const StatsRecorder *m_stats;
    SeriesColors m_colors;
    QComboBox *m_window;
    QChartView *m_memory;
    QChartView *m_requests;
    QChartView *m_tokens;
    QLabel *m_hover;
    QTimer m_timer;
};

} // namespace sy::ui
