#include "api/modeljson.h"

#include "pool/demo.h"
#include "pool/modelpool.h"
#include "routing/routerstate.h"
#include "routing/routetable.h"

#include <QCoreApplication>
#include <QDateTime>

namespace sy::api {
namespace {

QJsonValue nullIf(bool isNull, const QJsonValue &value)
{
    return isNull ? QJsonValue(QJsonValue::Null) : value;
}

QString ollamaState(const pool::OllamaModel &m)
{
    if (m.pending == QLatin1String("loading"))
        return QStringLiteral("starting");
    if (m.pending == QLatin1String("unloading"))
        return QStringLiteral("unloading");
    return m.loaded ? QStringLiteral("hot") : QStringLiteral("cold");
}

QJsonObject ollamaCounters(const QString &id, const pool::OllamaModel &m)
{
    const qint64 left = m.expiresAtMs > 0 ? std::max<qint64>(0, m.expiresAtMs - QDateTime::currentMSecsSinceEpoch()) : -1;
    return {{QStringLiteral("id"), id},
            {QStringLiteral("state"), ollamaState(m)},
            {QStringLiteral("ttlRemainingS"), nullIf(left < 0, double((left + 999) / 1000))},
            {QStringLiteral("rssBytes"), nullIf(!m.loaded, double(m.memoryBytes))},
            {QStringLiteral("gpuBytes"), nullIf(!m.loaded, double(m.vramBytes))},
            {QStringLiteral("inFlight"), 0},
            {QStringLiteral("queued"), 0}};
}

// Adds what Ollama says of a model to `o` (a configured model on an Ollama backend, or a discovered one).
void addOllama(QJsonObject &o, const pool::OllamaModel &m)
{
    const QJsonObject counters = ollamaCounters(o.value(QLatin1String("id")).toString(), m);
    for (auto it = counters.begin(); it != counters.end(); ++it)
        o.insert(it.key(), it.value());
    o.insert(QStringLiteral("kind"), QStringLiteral("ollama"));
    o.insert(QStringLiteral("pinned"), m.expiresAtMs == -1);
    o.insert(QStringLiteral("diskBytes"), double(m.diskBytes));
    o.insert(QStringLiteral("family"), m.family);
    o.insert(QStringLiteral("parameterSize"), m.parameterSize);
    o.insert(QStringLiteral("quantization"), m.quantization);
    o.insert(QStringLiteral("lastError"), nullIf(m.lastError.isEmpty(), m.lastError));
}

QJsonObject managedCounters(const pool::ModelPool &pool, const pool::ModelInstance &instance)
{
    const qint64 ttlMs = instance.ttlRemainingMs();
    return {{QStringLiteral("id"), instance.id()},
            {QStringLiteral("state"), QLatin1String(pool::stateName(instance.state()))},
            {QStringLiteral("ttlRemainingS"), nullIf(ttlMs < 0, double((ttlMs + 999) / 1000))},
            {QStringLiteral("rssBytes"), nullIf(!instance.isRunning(), double(instance.rssBytes()))},
            {QStringLiteral("gpuBytes"), nullIf(!instance.gpuBytes(), double(instance.gpuBytes().value_or(0)))},
            {QStringLiteral("inFlight"), instance.inFlight()},
            {QStringLiteral("queued"), pool.queued(instance.id())}};
}

QJsonObject configuredModel(const routing::RouteTable &table, const pool::ModelPool &pool, int index)
{
    const routing::ModelEntry &model = table.models()[std::size_t(index)];
    const config::ModelConfig &cfg = *model.config;
    const routing::BackendEntry &backend = table.backends()[std::size_t(model.backend)];
    const pool::ModelInstance *instance = pool.instance(cfg.id);
    QJsonObject o = instance ? managedCounters(pool, *instance)
                             : QJsonObject{{QStringLiteral("id"), cfg.id}, {QStringLiteral("state"), QStringLiteral("remote")}};
    o.insert(QStringLiteral("backend"), QString::fromUtf8(backend.id));
    o.insert(QStringLiteral("kind"), instance ? QStringLiteral("managed") : QStringLiteral("remote"));
    o.insert(QStringLiteral("upstreamModel"), cfg.upstreamModel);
    o.insert(QStringLiteral("aliases"), QJsonArray::fromStringList(cfg.aliases));
    o.insert(QStringLiteral("capabilities"), QJsonArray::fromStringList(cfg.capabilities));
    o.insert(QStringLiteral("contextTokens"), nullIf(cfg.contextTokens == 0, cfg.contextTokens));
    o.insert(QStringLiteral("group"), nullIf(cfg.group.isEmpty(), cfg.group));
    o.insert(QStringLiteral("maxConcurrent"), cfg.maxConcurrent);
    o.insert(QStringLiteral("pinned"), instance ? instance->pinned() : false);
    if (backend.protocol == config::BackendProtocol::Ollama) {
        if (const pool::OllamaMonitor *monitor = pool.ollamaFor(QString::fromUtf8(backend.id))) {
            if (const pool::OllamaModel *m = monitor->model(cfg.upstreamModel))
                addOllama(o, *m);
        }
    }
    if (!instance)
        return o;
    o.insert(QStringLiteral("ttlS"), instance->ttlS());
    // Only a running process has a port (a model that failed to load shows none).
    o.insert(QStringLiteral("port"), nullIf(instance->port() == 0 || !instance->isRunning(), instance->port()));
    o.insert(QStringLiteral("pid"), nullIf(!instance->isRunning(), double(instance->pid())));
    o.insert(QStringLiteral("lastError"), nullIf(instance->lastError().isEmpty(), instance->lastError()));
    // While it starts: for how long, and how long it may take (the GUI counts on from here).
    const bool starting = instance->state() == pool::ModelState::Starting;
    o.insert(QStringLiteral("loadingS"), nullIf(!starting, double((QDateTime::currentMSecsSinceEpoch() - instance->loadStartedMs()) / 1000)));
    o.insert(QStringLiteral("loadTimeoutS"), nullIf(!instance->config().launch, instance->config().launch ? instance->config().launch->loadTimeoutS : 0));
    o.insert(QStringLiteral("loadedAtMs"), nullIf(!instance->isRunning() || instance->loadedAtMs() == 0, double(instance->loadedAtMs())));
    o.insert(QStringLiteral("lastUsedMs"), nullIf(instance->lastUsedMs() == 0, double(instance->lastUsedMs())));
    o.insert(QStringLiteral("restarts"), instance->restarts());
    o.insert(QStringLiteral("loads"), instance->loads());
    o.insert(QStringLiteral("expectedBytes"), double(instance->expectedBytes()));
    o.insert(QStringLiteral("restart"), QLatin1String(config::restartPolicyName(cfg.restart)));
    return o;
}

// Ollama models no configured model stands for.
template<typename Visit>
void forEachDiscovered(const routing::RouteTable &table, const pool::ModelPool &pool, Visit visit)
{
    for (const pool::OllamaMonitor *monitor : pool.ollama()) {
        for (const pool::OllamaModel &m : monitor->models()) {
            const bool configured = std::any_of(table.models().begin(), table.models().end(), [&](const routing::ModelEntry &e) {
                return table.backends()[std::size_t(e.backend)].id == monitor->backendId().toUtf8() &&
                       e.config->upstreamModel == m.name;
            });
            if (!configured)
                visit(*monitor, m);
        }
    }
}

QJsonObject discoveredModel(const pool::OllamaMonitor &monitor, const pool::OllamaModel &m)
{
    QJsonObject o{{QStringLiteral("id"), monitor.idFor(m.name)},
                  {QStringLiteral("backend"), monitor.backendId()},
                  {QStringLiteral("upstreamModel"), m.name},
                  {QStringLiteral("aliases"), QJsonArray()},
                  {QStringLiteral("capabilities"), QJsonArray()},
                  {QStringLiteral("contextTokens"), QJsonValue::Null},
                  {QStringLiteral("group"), QJsonValue::Null},
                  {QStringLiteral("maxConcurrent"), 0}};
    addOllama(o, m);
    return o;
}

// A node's model as this pool shows it: what the node says, under "<node>/<id>", and
// "unreachable" while the node does not answer.
QJsonObject nodeModel(const pool::NodeMonitor &monitor, const pool::NodeModel &m)
{
    QJsonObject o = m.fields;
    o.insert(QStringLiteral("id"), monitor.idFor(m.name));
    o.insert(QStringLiteral("upstreamModel"), m.name);
    o.insert(QStringLiteral("backend"), monitor.nodeId());
    o.insert(QStringLiteral("node"), monitor.nodeId());
    o.insert(QStringLiteral("nodeKind"), m.fields.value(QLatin1String("kind")));
    o.insert(QStringLiteral("kind"), QStringLiteral("node"));
    o.remove(QStringLiteral("cooldownRemainingS")); // the node's own; ours is added by withHealth
    if (!monitor.reachable()) {
        o.insert(QStringLiteral("state"), QStringLiteral("unreachable"));
        o.insert(QStringLiteral("lastError"), monitor.error());
    }
    return o;
}

QJsonObject nodeCounters(const pool::NodeMonitor &monitor, const pool::NodeModel &m)
{
    QJsonObject o{{QStringLiteral("id"), monitor.idFor(m.name)}};
    for (const char *key : {"state", "ttlRemainingS", "rssBytes", "gpuBytes", "inFlight", "queued"})
        o.insert(QLatin1String(key), m.fields.value(QLatin1String(key)));
    if (!monitor.reachable())
        o.insert(QStringLiteral("state"), QStringLiteral("unreachable"));
    return o;
}

} // namespace

namespace {

QJsonObject withHealth(QJsonObject model, const routing::RouterState *health)
{
    if (health) {
        const qint64 cooling = health->coolingMs(model.value(QLatin1String("id")).toString().toUtf8(), QDateTime::currentMSecsSinceEpoch());
        model.insert(QStringLiteral("cooldownRemainingS"), nullIf(cooling == 0, double((cooling + 999) / 1000)));
    }
    return model;
}

} // namespace

QJsonArray allModelsJson(const routing::RouteTable &table, const pool::ModelPool &pool, const routing::RouterState *health)
{
    QJsonArray models;
    for (int i = 0; i < int(table.models().size()); ++i)
        models.append(withHealth(configuredModel(table, pool, i), health));
    forEachDiscovered(table, pool, [&](const pool::OllamaMonitor &monitor, const pool::OllamaModel &m) {
        models.append(withHealth(discoveredModel(monitor, m), health));
    });
    for (const pool::NodeMonitor *monitor : pool.nodes()) {
        for (const pool::NodeModel &m : monitor->models())
            models.append(withHealth(nodeModel(*monitor, m), health));
    }
    return models;
}

std::optional<QJsonObject> modelJsonById(const routing::RouteTable &table, const pool::ModelPool &pool,
                                         const routing::RouterState *health, const QString &id)
{
    const int index = table.findModel(id.toUtf8());
    if (index >= 0)
        return withHealth(configuredModel(table, pool, index), health);
    QString name;
    if (const pool::OllamaMonitor *monitor = pool.ollamaModel(id, &name))
        return withHealth(discoveredModel(*monitor, *monitor->model(name)), health);
    if (const pool::NodeMonitor *monitor = pool.nodeModel(id, &name))
        return withHealth(nodeModel(*monitor, *monitor->model(name)), health);
    return std::nullopt;
}

QJsonArray countersJson(const routing::RouteTable &table, const pool::ModelPool &pool)
{
    QJsonArray out;
    for (const pool::ModelInstance *instance : pool.instances())
        out.append(managedCounters(pool, *instance));
    for (const pool::OllamaMonitor *monitor : pool.ollama()) {
        for (const pool::OllamaModel &m : monitor->models()) {
            if (m.loaded)
                out.append(ollamaCounters(monitor->idFor(m.name), m));
        }
    }
    for (const pool::NodeMonitor *monitor : pool.nodes()) {
        for (const pool::NodeModel &m : monitor->models())
            out.append(nodeCounters(*monitor, m));
    }
    Q_UNUSED(table);
    return out;
}

QJsonObject systemJson(const routing::RouteTable &table, const pool::ModelPool &pool)
{
    const pool::SystemMemory &memory = pool.system();
    qint64 usedByModels = 0;
    int running = 0;
    for (const pool::ModelInstance *instance : pool.instances()) {
        if (instance->isRunning()) {
            usedByModels += instance->rssBytes();
            ++running;
        }
    }
    QJsonObject gpu;
    if (memory.gpuTotalBytes)
        gpu = {{QStringLiteral("totalBytes"), double(*memory.gpuTotalBytes)},
               {QStringLiteral("usedBytes"), double(memory.gpuUsedBytes.value_or(0))}};
    QJsonArray ollama;
    for (const pool::OllamaMonitor *monitor : pool.ollama()) {
        ollama.append(QJsonObject{{QStringLiteral("backend"), monitor->backendId()},
                                  {QStringLiteral("reachable"), monitor->reachable()},
                                  {QStringLiteral("error"), nullIf(monitor->error().isEmpty(), monitor->error())},
                                  {QStringLiteral("models"), int(monitor->models().size())}});
    }
    QJsonArray nodes;
    for (const pool::NodeMonitor *monitor : pool.nodes()) {
        const QJsonObject system = monitor->system();
        nodes.append(QJsonObject{{QStringLiteral("id"), monitor->nodeId()},
                                 {QStringLiteral("url"), monitor->config().url},
                                 {QStringLiteral("reachable"), monitor->reachable()},
                                 {QStringLiteral("error"), nullIf(monitor->error().isEmpty(), monitor->error())},
                                 {QStringLiteral("models"), int(monitor->models().size())},
                                 {QStringLiteral("memory"), system.value(QLatin1String("memory"))},
                                 {QStringLiteral("gpu"), system.value(QLatin1String("gpu"))}});
    }
    const config::PoolConfig &cfg = table.config().pool;
    const auto demoPoliciesJson = [] {
        const pool::DemoPolicyNames names = pool::demoPolicyNames();
        return QJsonObject{{QStringLiteral("agents"), QJsonArray::fromStringList(names.agents)},
                           {QStringLiteral("modes"), QJsonArray::fromStringList(names.modes)},
                           {QStringLiteral("pools"), QJsonArray::fromStringList(names.pools)}};
    };
    const bool demo = table.config().backend(QStringLiteral("demo")) != nullptr;
    // The demo pool's models (not in the config file): the editors offer them to pick.
    QJsonArray demoModels;
    for (const config::ModelConfig &m : table.config().models) {
        if (m.backend == QLatin1String("demo"))
            demoModels.append(m.id);
    }
    return {{QStringLiteral("version"), QCoreApplication::applicationVersion()},
            {QStringLiteral("memory"), QJsonObject{{QStringLiteral("totalBytes"), double(memory.totalBytes)},
                                                   {QStringLiteral("availableBytes"), double(memory.availableBytes)},
                                                   {QStringLiteral("modelsBytes"), double(usedByModels)}}},
            {QStringLiteral("gpu"), gpu.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(gpu)},
            {QStringLiteral("budgetBytes"), nullIf(cfg.memoryBudgetMiB == 0, double(qint64(cfg.memoryBudgetMiB) * 1024 * 1024))},
            {QStringLiteral("portRange"), QJsonArray{cfg.portFrom, cfg.portTo}},
            {QStringLiteral("modelsRunning"), running},
            {QStringLiteral("defaultTtlS"), cfg.defaultTtlS},
            {QStringLiteral("ollama"), ollama},
            {QStringLiteral("nodes"), nodes},
            {QStringLiteral("demo"), demo},
            {QStringLiteral("demoModels"), demoModels},
            {QStringLiteral("demoPolicies"), demo ? QJsonValue(demoPoliciesJson()) : QJsonValue(QJsonValue::Null)}};
}

} // namespace sy::api
