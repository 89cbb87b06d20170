#include "metrics/metrics.h"

#include "pool/modelpool.h"
#include "routing/routerstate.h"
#include "routing/routetable.h"

#include "pool/modelinstance.h"

#include <QDateTime>

namespace sy::metrics {
namespace {

void family(QByteArray &out, const char *name, const char *type, const char *help)
{
    out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
}

void sample(QByteArray &out, const char *name, const QByteArray &labels, double value)
{
    out += name;
    if (!labels.isEmpty())
        out += '{' + labels + '}';
    out += ' ' + QByteArray::number(value, 'g', 12) + '\n';
}

void counters(QByteArray &out, const char *name, const char *help, const QHash<QByteArray, double> &values)
{
    family(out, name, "counter", help);
    for (auto it = values.begin(); it != values.end(); ++it)
        sample(out, name, it.key(), it.value());
}

} // namespace

QByteArray label(const char *key, const QByteArray &value)
{
    QByteArray escaped = value;
    escaped.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return QByteArray(key) + "=\"" + escaped + '"';
}

void Metrics::Histogram::observe(double seconds)
{
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i])
            ++counts[i];
    }
    ++total;
    sum += seconds;
}

void Metrics::requestFinished(const record::RequestRecord &r)
{
    const QByteArray model = r.model.isEmpty() ? QByteArray("none") : r.model;
    m_requests[label("model", model) + ',' + label("backend", r.backend.isEmpty() ? QByteArray("none") : r.backend) + ',' +
               label("route", r.routeMode) + ',' + label("status", QByteArray::number(r.status))] += 1;
    m_decisions[label("mode", r.chain.isEmpty() ? QByteArray("failed") : r.routeMode)] += 1;
    m_latency[label("model", model)].observe(r.latencyMs / 1000.0);
    if (r.ttftMs >= 0)
        m_ttft[label("model", model)].observe(r.ttftMs / 1000.0);
    for (std::size_t i = 0; i < r.attempts.size(); ++i) {
        const record::AttemptSummary &a = r.attempts[i];
        if (a.trigger.isEmpty())
            continue;
        m_attemptFailures[label("model", a.model) + ',' + label("trigger", a.trigger)] += 1;
        if (i + 1 < r.attempts.size())
            m_fallbacks[label("trigger", a.trigger)] += 1;
    }
    if (r.tokensIn >= 0)
        m_tokens[label("model", model) + ',' + label("direction", "in")] += double(r.tokensIn);
    if (r.tokensOut >= 0)
        m_tokens[label("model", model) + ',' + label("direction", "out")] += double(r.tokensOut);
}

QByteArray Metrics::render(const routing::RouteTable &table, const pool::ModelPool &pool, const routing::RouterState &health) const
{
    QByteArray out;
    out.reserve(8192);
    counters(out, "switchyard_requests_total", "Requests by the model that served them, backend, route mode and status.", m_requests);
    counters(out, "switchyard_routing_decisions_total", "Routing decisions by mode (failed: nothing could serve it).", m_decisions);
    counters(out, "switchyard_fallbacks_total", "Attempts that failed and were followed by another, by trigger.", m_fallbacks);
    counters(out, "switchyard_attempt_failures_total", "Failed attempts by model and trigger.", m_attemptFailures);
    counters(out, "switchyard_tokens_total", "Tokens reported in responses' usage, by model and direction.", m_tokens);
    auto histograms = [&out](const char *name, const char *help, const QHash<QByteArray, Histogram> &values) {
        family(out, name, "histogram", help);
        const QByteArray bucket = QByteArray(name) + "_bucket";
        for (auto it = values.begin(); it != values.end(); ++it) {
            for (std::size_t i = 0; i < kBuckets.size(); ++i)
                sample(out, bucket.constData(), it.key() + ',' + label("le", QByteArray::number(kBuckets[i])), double(it->counts[i]));
            sample(out, bucket.constData(), it.key() + ',' + label("le", "+Inf"), double(it->total));
            sample(out, (QByteArray(name) + "_sum").constData(), it.key(), it->sum);
            sample(out, (QByteArray(name) + "_count").constData(), it.key(), double(it->total));
        }
    };
    histograms("switchyard_request_duration_seconds", "Time from the request to the end of the response.", m_latency);
    histograms("switchyard_time_to_first_token_seconds", "Time from the request to the first byte the client got.", m_ttft);

    static constexpr pool::ModelState kStates[] = {pool::ModelState::Cold, pool::ModelState::Starting, pool::ModelState::Hot,
                                                   pool::ModelState::Busy, pool::ModelState::Unloading, pool::ModelState::Failed};
    family(out, "switchyard_model_state", "gauge", "1 for the state each managed model is in.");
    const std::vector<pool::ModelInstance *> instances = pool.instances();
    for (const pool::ModelInstance *instance : instances) {
        const QByteArray model = label("model", instance->id().toUtf8());
        for (pool::ModelState s : kStates)
            sample(out, "switchyard_model_state", model + ',' + label("state", pool::stateName(s)), instance->state() == s ? 1 : 0);
    }
    auto perModel = [&](const char *name, const char *help, auto value) {
        family(out, name, "gauge", help);
        for (const pool::ModelInstance *instance : instances)
            sample(out, name, label("model", instance->id().toUtf8()), double(value(instance)));
    };
    perModel("switchyard_model_in_flight", "Requests in flight per managed model.",
             [](const pool::ModelInstance *m) { return m->inFlight(); });
    perModel("switchyard_model_queued", "Requests waiting for a managed model to become ready or free.",
             [&pool](const pool::ModelInstance *m) { return pool.queued(m->id()); });
    perModel("switchyard_model_rss_bytes", "Resident memory of a managed model's process.",
             [](const pool::ModelInstance *m) { return m->rssBytes(); });
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    family(out, "switchyard_model_cooldown_seconds", "gauge", "Seconds of cooldown left for a model that failed repeatedly.");
    for (const routing::ModelEntry &model : table.models())
        sample(out, "switchyard_model_cooldown_seconds", label("model", model.id), double(health.coolingMs(model.id, now)) / 1000.0);
    if (pool.system().totalBytes > 0) { // sampled while managed models are configured
        family(out, "switchyard_memory_available_bytes", "gauge", "System memory available.");
        sample(out, "switchyard_memory_available_bytes", {}, double(pool.system().availableBytes));
        family(out, "switchyard_memory_total_bytes", "gauge", "System memory in total.");
        sample(out, "switchyard_memory_total_bytes", {}, double(pool.system().totalBytes));
    }
    return out;
}

} // namespace sy::metrics
