#include "metrics/metrics.h"

#include "pool/modelinstance.h"
#include "pool/modelpool.h"
#include "routing/routerstate.h"
#include "routing/routetable.h"
#include "routing/secondtier.h"
#include "store/history.h"

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

QByteArray orNone(const QByteArray &value)
{
    return value.isEmpty() ? QByteArray("none") : value;
}

// `names` label the key's strings in order (a, b, c); a name "#" labels its number instead.
QByteArray labels(const Metrics::Key &key, std::initializer_list<const char *> names)
{
    QByteArray out;
    const QByteArray *values[] = {&key.a, &key.b, &key.c};
    int i = 0;
    for (const char *name : names) {
        if (!out.isEmpty())
            out += ',';
        if (name[0] == '#')
            out += label(name + 1, QByteArray::number(key.n));
        else
            out += label(name, *values[i++]);
    }
    return out;
}

void counters(QByteArray &out, const char *name, const char *help, const QHash<Metrics::Key, double> &values,
              std::initializer_list<const char *> names)
{
    family(out, name, "counter", help);
    for (auto it = values.begin(); it != values.end(); ++it)
        sample(out, name, labels(it.key(), names), it.value());
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

size_t qHash(const Metrics::Key &key, size_t seed)
{
    return qHashMulti(seed, key.a, key.b, key.c, key.n);
}

void Metrics::requestFinished(const record::RequestRecord &r)
{
    m_requests.count({r.model, r.backend, r.routeMode, r.status}) += 1;
    m_decisions.count({r.chain.isEmpty() ? QByteArrayLiteral("failed") : r.routeMode, {}, {}, 0}) += 1;
    ModelStats &model = m_models.count(r.model);
    model.latency.observe(r.latencyMs / 1000.0);
    if (r.ttftMs >= 0)
        model.ttft.observe(r.ttftMs / 1000.0);
    if (r.tokensIn >= 0) {
        model.tokensIn += double(r.tokensIn);
        model.tokensInSeen = true;
    }
    if (r.tokensOut >= 0) {
        model.tokensOut += double(r.tokensOut);
        model.tokensOutSeen = true;
    }
    for (std::size_t i = 0; i < r.attempts.size(); ++i) {
        const record::AttemptSummary &a = r.attempts[i];
        if (a.trigger.isEmpty())
            continue;
        m_attemptFailures[{a.model, a.trigger, {}, 0}] += 1;
        if (i + 1 < r.attempts.size())
            m_fallbacks[{a.trigger, {}, {}, 0}] += 1;
    }
    if (!r.clientName.isEmpty())
        m_clients[{r.clientName, {}, {}, r.status}] += 1;
}

QByteArray Metrics::render(const routing::RouteTable &table, const pool::ModelPool &pool, const routing::RouterState &health,
                           const history::History *history, const routing::SecondTier *secondTier) const
{
    QByteArray out;
    out.reserve(8192);
    // Requests nothing served have no model or backend: labelled "none".
    family(out, "switchyard_requests_total", "counter", "Requests by the model that served them, backend, route mode and status.");
    for (auto it = m_requests.hash.cbegin(); it != m_requests.hash.cend(); ++it)
        sample(out, "switchyard_requests_total",
               label("model", orNone(it.key().a)) + ',' + label("backend", orNone(it.key().b)) + ',' + label("route", it.key().c) + ',' +
                   label("status", QByteArray::number(it.key().n)),
               it.value());
    counters(out, "switchyard_routing_decisions_total", "Routing decisions by mode (failed: nothing could serve it).", m_decisions.hash, {"mode"});
    counters(out, "switchyard_fallbacks_total", "Attempts that failed and were followed by another, by trigger.", m_fallbacks, {"trigger"});
    counters(out, "switchyard_attempt_failures_total", "Failed attempts by model and trigger.", m_attemptFailures, {"model", "trigger"});
    counters(out, "switchyard_client_requests_total", "Requests by the client key they came with (server.clientKeys) and status.",
             m_clients, {"client", "#status"});
    family(out, "switchyard_tokens_total", "counter", "Tokens reported in responses' usage, by model and direction.");
    for (auto it = m_models.hash.cbegin(); it != m_models.hash.cend(); ++it) {
        const QByteArray model = label("model", orNone(it.key()));
        if (it->tokensInSeen)
            sample(out, "switchyard_tokens_total", model + ',' + label("direction", "in"), it->tokensIn);
        if (it->tokensOutSeen)
            sample(out, "switchyard_tokens_total", model + ',' + label("direction", "out"), it->tokensOut);
    }
    auto histograms = [&](const char *name, const char *help, Histogram ModelStats::*which) {
        family(out, name, "histogram", help);
        const QByteArray bucket = QByteArray(name) + "_bucket";
        for (auto it = m_models.hash.cbegin(); it != m_models.hash.cend(); ++it) {
            const Histogram &h = (*it).*which;
            if (h.total == 0)
                continue;
            const QByteArray model = label("model", orNone(it.key()));
            for (std::size_t i = 0; i < kBuckets.size(); ++i)
                sample(out, bucket.constData(), model + ',' + label("le", QByteArray::number(kBuckets[i])), double(h.counts[i]));
            sample(out, bucket.constData(), model + ',' + label("le", "+Inf"), double(h.total));
            sample(out, (QByteArray(name) + "_sum").constData(), model, h.sum);
            sample(out, (QByteArray(name) + "_count").constData(), model, double(h.total));
        }
    };
    histograms("switchyard_request_duration_seconds", "Time from the request to the end of the response.", &ModelStats::latency);
    histograms("switchyard_time_to_first_token_seconds", "Time from the request to the first byte the client got.", &ModelStats::ttft);

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
    if (history && history->isOpen()) {
        const history::History::Stats h = history->stats();
        family(out, "switchyard_history_rows_written_total", "counter", "Requests stored in the history database.");
        sample(out, "switchyard_history_rows_written_total", {}, double(h.written));
        family(out, "switchyard_history_rows_shed_total", "counter",
               "Requests not stored because the history writer fell too far behind (logged as well).");
        sample(out, "switchyard_history_rows_shed_total", {}, double(h.shed));
        family(out, "switchyard_history_rows_failed_total", "counter", "Requests the database refused to store.");
        sample(out, "switchyard_history_rows_failed_total", {}, double(h.failed));
        family(out, "switchyard_history_queue_rows", "gauge", "Requests waiting to be written to the history.");
        sample(out, "switchyard_history_queue_rows", {}, double(h.queued));
    }
    if (secondTier && !table.config().routing.autoClassifier.isEmpty()) {
        const routing::SecondTier::Counts &c = secondTier->counts();
        family(out, "switchyard_auto_classifier_total", "counter",
               "How asks of routing.autoClassifier ended: decided, cached, no_type, failed, skipped (not loaded or paused).");
        for (const auto &[outcome, count] : {std::pair{"decided", c.decided}, {"cached", c.cached}, {"no_type", c.noType},
                                             {"failed", c.failed}, {"skipped", c.skipped}})
            sample(out, "switchyard_auto_classifier_total", label("outcome", outcome), double(count));
    }
    return out;
}

} // namespace sy::metrics
