#pragma once
// Counters and histograms for /metrics (Prometheus text format): requests by model,
// backend, route and status; latency and time to first token; fallbacks and failed attempts
// by trigger; routing decisions by mode; tokens; requests by client key; the history writer. Gauges (model state, in
// flight, queued, memory, cooldowns) are read from the pool when scraped. Counting a request
// is a few hash updates keyed by the record's (shared) strings: labels are only built when
// someone scrapes.

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
class SecondTier;
} // namespace sy::routing
namespace sy::history {
class History;
}

namespace sy::metrics {

class Metrics : public record::RequestSink {
public:
    void requestFinished(const record::RequestRecord &record) override;

    QByteArray render(const routing::RouteTable &table, const pool::ModelPool &pool, const routing::RouterState &health,
                      const history::History *history, const routing::SecondTier *secondTier) const;

    // Label tuples (at most three values; unused ones empty), hashed as they are.
    struct Key {
        QByteArray a, b, c;
        int n = 0;
        bool operator==(const Key &o) const { return n == o.n && a == o.a && b == o.b && c == o.c; }
    };

private:
    static constexpr std::array<double, 14> kBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
    struct Histogram {
        std::array<quint64, kBuckets.size()> counts{};
        quint64 total = 0;
        double sum = 0;
        void observe(double seconds);
    };

    // A counter with the last key it was asked for and where its value was: consecutive
    // requests mostly carry the same labels, and comparing them costs less than hashing
    // them. The pointer holds while the hash is not detached and gets no new key (only
    // count() inserts, and it then takes the new one).
    template<typename K, typename V>
    struct Counter {
        QHash<K, V> hash;
        K lastKey;
        V *last = nullptr;
        V &count(const K &key)
        {
            if (!last || !hash.isDetached() || !(lastKey == key)) {
                last = &hash[key];
                lastKey = key;
            }
            return *last;
        }
    };

    Counter<Key, double> m_requests;      // model, backend, route, status
    Counter<Key, double> m_decisions;     // mode
    QHash<Key, double> m_fallbacks;       // trigger
    QHash<Key, double> m_attemptFailures; // model, trigger
    QHash<Key, double> m_clients;         // client key name, status
    // What is counted per model, in one entry: one look-up per request instead of four.
    struct ModelStats {
        Histogram latency;
        Histogram ttft; // only requests that got a first byte
        double tokensIn = 0, tokensOut = 0;
        bool tokensInSeen = false, tokensOutSeen = false; // a backend reported them (0 included)
    };
    Counter<QByteArray, ModelStats> m_models;
};

size_t qHash(const Metrics::Key &key, size_t seed = 0);

// "key=\"value\"" with Prometheus escaping.
QByteArray label(const char *key, const QByteArray &value);

} // namespace sy::metrics
