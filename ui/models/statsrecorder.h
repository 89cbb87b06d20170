#pragma once
// The last hour, for the charts: memory per model (one sample a second at most, from the
// feed's counters), and finished requests in ten-second buckets (requests per second,
// latency p50/p95, tokens per second per model).

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <deque>
#include <map>
#include <vector>

namespace sy::ui {

class StatsRecorder : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kKeptMs = 60 * 60 * 1000; // the longest window the charts offer
    static constexpr qint64 kBucketMs = 10 * 1000;

    struct MemorySample {
        qint64 timeMs = 0;
        std::map<QString, double> bytes; // model -> RSS
    };
    struct Bucket {
        qint64 startMs = 0;
        int requests = 0;
        std::vector<double> latenciesMs;
        std::map<QString, double> tokens; // model -> output tokens
        double percentile(double p) const;
    };

    explicit StatsRecorder(QObject *parent = nullptr);

    void addMemory(const QJsonArray &models, qint64 nowMs);
    void addRequest(const QJsonObject &record, qint64 nowMs);

    const std::deque<MemorySample> &memory() const { return m_memory; }
    const std::deque<Bucket> &buckets() const { return m_buckets; }
    // Every model that appears since `sinceMs`.
    QStringList memoryModels(qint64 sinceMs) const;
    QStringList tokenModels(qint64 sinceMs) const;

private:
    void trim(qint64 nowMs);

    std::deque<MemorySample> m_memory;
    std::deque<Bucket> m_buckets;
};

} // namespace sy::ui
