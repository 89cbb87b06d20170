#pragma once
// What the router learns while it runs: failures that put a model in cooldown, and a
// moving average of each model's success rate and latency (used by "auto").

#include "store/config.h"

#include <QByteArray>
#include <QHash>
#include <deque>
#include <vector>

namespace sy::routing {

struct CooldownInfo {
    QByteArray label;
    qint64 untilMs = 0;
    int failures = 0;
};

class RouterState {
public:
    void configure(const config::FallbackConfig &fallback) { m_fallback = fallback; }

    // Milliseconds of cooldown left for a model (0 = not cooling).
    qint64 coolingMs(const QByteArray &label, qint64 nowMs) const;
    // Counts a failure; true when it has just put the model into cooldown.
    bool recordFailure(const QByteArray &label, qint64 nowMs);
    void recordSuccess(const QByteArray &label, double latencyMs);
    bool resetCooldown(const QByteArray &label);
    std::vector<CooldownInfo> cooldowns(qint64 nowMs) const;

    struct Observed {
        double successRate = 1; // EWMA; 1 when unknown
        double latencyMs = 0;   // EWMA of successful requests; 0 when unknown
    };
    Observed observed(const QByteArray &label) const;

private:
    struct Health {
        std::deque<qint64> failures; // within the window
        qint64 coolUntilMs = 0;
        double success = 1.0;        // EWMA of 1 (ok) / 0 (failed)
        double latencyMs = 0;        // EWMA of successful latencies
    };
    config::FallbackConfig m_fallback;
    QHash<QByteArray, Health> m_health;
};

} // namespace sy::routing
