#include "models/statsrecorder.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace sy::ui {

double StatsRecorder::Bucket::percentile(double p) const
{
    if (latenciesMs.empty())
        return 0;
    std::vector<double> sorted = latenciesMs;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t rank = std::size_t(std::ceil(p * double(sorted.size()))) - (p > 0 ? 1 : 0);
    return sorted[std::min(rank, sorted.size() - 1)];
}

StatsRecorder::StatsRecorder(QObject *parent) : QObject(parent) {}

void StatsRecorder::addMemory(const QJsonArray &models, qint64 nowMs)
{
    MemorySample sample{nowMs, {}};
    for (const QJsonValue &v : models) {
        const QJsonObject m = v.toObject();
        const double rss = m.value(QLatin1String("rssBytes")).toDouble();
        if (rss > 0)
            sample.bytes[m.value(QLatin1String("id")).toString()] = rss;
    }
    // One sample a second: the newest reading of that second wins.
    if (!m_memory.empty() && nowMs - m_memory.back().timeMs < 1000)
        m_memory.back().bytes = std::move(sample.bytes);
    else
        m_memory.push_back(std::move(sample));
    trim(nowMs);
}

void StatsRecorder::addRequest(const QJsonObject &record, qint64 nowMs)
{
    const qint64 start = nowMs - nowMs % kBucketMs;
    if (m_buckets.empty() || m_buckets.back().startMs != start)
        m_buckets.push_back(Bucket{start, 0, {}, {}});
    Bucket &b = m_buckets.back();
    ++b.requests;
    b.latenciesMs.push_back(record.value(QLatin1String("latencyMs")).toDouble());
    const double tokens = record.value(QLatin1String("tokensOut")).toDouble();
    const QString model = record.value(QLatin1String("model")).toString();
    if (tokens > 0 && !model.isEmpty())
        b.tokens[model] += tokens;
    trim(nowMs);
}

QStringList StatsRecorder::memoryModels(qint64 sinceMs) const
{
    std::set<QString> names;
    for (const MemorySample &s : m_memory) {
        if (s.timeMs < sinceMs)
            continue;
        for (const auto &[model, bytes] : s.bytes)
            names.insert(model);
    }
    return QStringList(names.begin(), names.end());
}

QStringList StatsRecorder::tokenModels(qint64 sinceMs) const
{
    std::set<QString> names;
    for (const Bucket &b : m_buckets) {
        if (b.startMs + kBucketMs < sinceMs)
            continue;
        for (const auto &[model, tokens] : b.tokens)
            names.insert(model);
    }
    return QStringList(names.begin(), names.end());
}

void StatsRecorder::trim(qint64 nowMs)
{
    while (!m_memory.empty() && m_memory.front().timeMs < nowMs - kKeptMs)
        m_memory.pop_front();
    while (!m_buckets.empty() && m_buckets.front().startMs < nowMs - kKeptMs)
        m_buckets.pop_front();
}

} // namespace sy::ui
