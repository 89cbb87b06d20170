#pragma once
// Counters and histograms for /metrics (Prometheus text format): requests by model,
// backend, route and status; latency and time to first token; fallbacks and failed attempts
// by trigger; routing decisions by mode; tokens. Gauges (model state, in flight, queued,
// memory, cooldowns) are read from the pool when scraped.

#include "record/requestrecord.h"

#include <QByteArray>
#include <QHash>
#include <array>

namespace sy::pool {
class ModelPool;
}
namespace sy::routing {
class RouteTable;
class RouterState;
} // namespace sy::routing

namespace sy::metrics {

class Metrics : public record::RequestSink {
public:
    void requestFinished(const record::RequestRecord &record) override;

    QByteArray render(const routing::RouteTable &table, const pool::ModelPool &pool, const routing::RouterState &health) const;

private:
    static constexpr std::array<double, 14> kBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
    struct Histogram {
        std::array<quint64, kBuckets.size()> counts{};
        quint64 total = 0;
        double sum = 0;
        void observe(double seconds);
    };

    QHash<QByteArray, double> m_requests;      // labels -> count
    QHash<QByteArray, double> m_decisions;
    QHash<QByteArray, double> m_fallbacks;
    QHash<QByteArray, double> m_attemptFailures;
    QHash<QByteArray, double> m_tokens;
    QHash<QByteArray, Histogram> m_latency;    // labels -> histogram
    QHash<QByteArray, Histogram> m_ttft;
};

// "key=\"value\"" with Prometheus escaping.
QByteArray label(const char *key, const QByteArray &value);

} // namespace sy::metrics
