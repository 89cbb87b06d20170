#pragma once
// Charts of the last ten minutes: memory per model (stacked), requests per second with
// latency p50/p95, and tokens per second per model. Redrawn once a second, and only while
// the view is shown.

#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;

namespace sy::ui {

class StatsRecorder;

class ChartsView : public QWidget {
    Q_OBJECT
public:
    ChartsView(const StatsRecorder *stats, QWidget *parent = nullptr);
    void redraw();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void drawMemory(qint64 now);
    void drawRequests(qint64 now);
    void drawTokens(qint64 now);

    const StatsRecorder *m_stats;
    QChartView *m_memory;
    QChartView *m_requests;
    QChartView *m_tokens;
    QTimer m_timer;
};

} // namespace sy::ui
