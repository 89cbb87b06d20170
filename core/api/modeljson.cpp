#include "api/modeljson.h"

#include "pool/modelpool.h"
#include "routing/routetable.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace sy::api {
namespace {

QJsonValue nullIf(bool isNull, const QJsonValue &value)
{
    return isNull ? QJsonValue(QJsonValue::Null) : value;
}

} // namespace

QJsonObject modelCounters(const routing::RouteTable &table, const pool::ModelPool &pool, int modelIndex)
{
    const routing::ModelEntry &model = table.models()[std::size_t(modelIndex)];
    const QString id = QString::fromUtf8(model.id);
    const pool::ModelInstance *instance = pool.instance(id);
    if (!instance)
        return {{QStringLiteral("id"), id}, {QStringLiteral("state"), QStringLiteral("remote")}};
    const qint64 ttlMs = instance->ttlRemainingMs();
    return {{QStringLiteral("id"), id},
            {QStringLiteral("state"), QLatin1String(pool::stateName(instance->state()))},
            {QStringLiteral("ttlRemainingS"), nullIf(ttlMs < 0, double((ttlMs + 999) / 1000))},
            {QStringLiteral("rssBytes"), nullIf(!instance->isRunning(), double(instance->rssBytes()))},
            {QStringLiteral("gpuBytes"), nullIf(!instance->gpuBytes(), double(instance->gpuBytes().value_or(0)))},
            {QStringLiteral("inFlight"), instance->inFlight()},
            {QStringLiteral("queued"), pool.queued(id)}};
}

QJsonObject modelJson(const routing::RouteTable &table, const pool::ModelPool &pool, int modelIndex)
{
    const routing::ModelEntry &model = table.models()[std::size_t(modelIndex)];
    const config::ModelConfig &cfg = *model.config;
    QJsonObject o = modelCounters(table, pool, modelIndex);
    const pool::ModelInstance *instance = pool.instance(cfg.id);
    o.insert(QStringLiteral("backend"), QString::fromUtf8(table.backends()[std::size_t(model.backend)].id));
    o.insert(QStringLiteral("kind"), instance ? QStringLiteral("managed") : QStringLiteral("remote"));
    o.insert(QStringLiteral("upstreamModel"), cfg.upstreamModel);
    o.insert(QStringLiteral("aliases"), QJsonArray::fromStringList(cfg.aliases));
    o.insert(QStringLiteral("capabilities"), QJsonArray::fromStringList(cfg.capabilities));
    o.insert(QStringLiteral("contextTokens"), nullIf(cfg.contextTokens == 0, cfg.contextTokens));
    o.insert(QStringLiteral("group"), nullIf(cfg.group.isEmpty(), cfg.group));
    o.insert(QStringLiteral("maxConcurrent"), cfg.maxConcurrent);
    if (!instance) {
        o.insert(QStringLiteral("pinned"), false);
        return o;
    }
    o.insert(QStringLiteral("pinned"), instance->pinned());
    o.insert(QStringLiteral("ttlS"), instance->ttlS());
    o.insert(QStringLiteral("port"), nullIf(instance->port() == 0, instance->port()));
    o.insert(QStringLiteral("pid"), nullIf(!instance->isRunning(), double(instance->pid())));
    o.insert(QStringLiteral("lastError"), nullIf(instance->lastError().isEmpty(), instance->lastError()));
    o.insert(QStringLiteral("loadedAtMs"), nullIf(!instance->isRunning() || instance->loadedAtMs() == 0, double(instance->loadedAtMs())));
    o.insert(QStringLiteral("lastUsedMs"), nullIf(instance->lastUsedMs() == 0, double(instance->lastUsedMs())));
    o.insert(QStringLiteral("restarts"), instance->restarts());
    o.insert(QStringLiteral("loads"), instance->loads());
    o.insert(QStringLiteral("expectedBytes"), double(instance->expectedBytes()));
    o.insert(QStringLiteral("restart"), cfg.restart);
    return o;
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
    const config::PoolConfig &cfg = table.config().pool;
    return {{QStringLiteral("version"), QCoreApplication::applicationVersion()},
            {QStringLiteral("memory"), QJsonObject{{QStringLiteral("totalBytes"), double(memory.totalBytes)},
                                                   {QStringLiteral("availableBytes"), double(memory.availableBytes)},
                                                   {QStringLiteral("modelsBytes"), double(usedByModels)}}},
            {QStringLiteral("gpu"), gpu.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(gpu)},
            {QStringLiteral("budgetBytes"), nullIf(cfg.memoryBudgetMiB == 0, double(qint64(cfg.memoryBudgetMiB) * 1024 * 1024))},
            {QStringLiteral("portRange"), QJsonArray{cfg.portFrom, cfg.portTo}},
            {QStringLiteral("modelsRunning"), running},
            {QStringLiteral("defaultTtlS"), cfg.defaultTtlS},
            {QStringLiteral("demo"), table.config().backend(QStringLiteral("demo")) != nullptr}};
}

} // namespace sy::api
