#include "routing/routerstate.h"

#include <algorithm>

namespace sy::routing {
namespace {
constexpr double kAlpha = 0.2; // weight of the newest observation
} // namespace

qint64 RouterState::coolingMs(const QByteArray &label, qint64 nowMs) const
{
    auto it = m_health.constFind(label);
    return it == m_health.constEnd() ? 0 : std::max<qint64>(0, it->coolUntilMs - nowMs);
}

bool RouterState::recordFailure(const QByteArray &label, qint64 nowMs)
{
    Health &h = m_health[label];
    h.success = (1 - kAlpha) * h.success;
    h.failures.push_back(nowMs);
    const qint64 window = qint64(m_fallback.failWindowS) * 1000;
    while (!h.failures.empty() && h.failures.front() < nowMs - window)
        h.failures.pop_front();
    if (int(h.failures.size()) < m_fallback.failThreshold || m_fallback.cooldownS <= 0 || h.coolUntilMs > nowMs)
        return false;
    h.coolUntilMs = nowMs + qint64(m_fallback.cooldownS) * 1000;
    h.failures.clear();
    return true;
}

void RouterState::recordSuccess(const QByteArray &label, double latencyMs)
{
    latencyMs = std::max(0.0, latencyMs); // health may only lower an "auto" score
    Health &h = m_health[label];
    h.failures.clear(); // a success resets the count
    h.success = (1 - kAlpha) * h.success + kAlpha;
    h.latencyMs = h.latencyMs == 0 ? latencyMs : (1 - kAlpha) * h.latencyMs + kAlpha * latencyMs;
}

bool RouterState::resetCooldown(const QByteArray &label)
{
    auto it = m_health.find(label);
    if (it == m_health.end())
        return false;
    const bool was = it->coolUntilMs > 0;
    it->coolUntilMs = 0;
    it->failures.clear();
    return was;
}

std::vector<CooldownInfo> RouterState::cooldowns(qint64 nowMs) const
{
    std::vector<CooldownInfo> out;
    for (auto it = m_health.begin(); it != m_health.end(); ++it) {
        if (it->coolUntilMs > nowMs || !it->failures.empty())
            out.push_back({it.key(), it->coolUntilMs > nowMs ? it->coolUntilMs : 0, int(it->failures.size())});
    }
    return out;
}

RouterState::Observed RouterState::observed(const QByteArray &label) const
{
    auto it = m_health.constFind(label);
    return it == m_health.constEnd() ? Observed{} : Observed{it->success, it->latencyMs};
}

} // namespace sy::routing
