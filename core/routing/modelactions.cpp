#include "routing/modelactions.h"

#include "pool/modelpool.h"
#include "pool/ollamamonitor.h"
#include "protocol/apierror.h"
#include "routing/proxyservices.h"

namespace sy::routing {
namespace {

using Error = ModelActionResult::Error;

ModelActionResult notFound(const QString &id)
{
    return {Error::NotFound, QStringLiteral("no model \"%1\"").arg(protocol::excerpt(id)), {}};
}

ModelActionResult notLoadable(const ModelTarget &t, const char *action)
{
    return {Error::NotLoadable,
            QStringLiteral("\"%1\" is served by a remote backend; only managed and Ollama models can be %2").arg(t.id, QLatin1String(action)),
            t.id};
}

} // namespace

ModelTarget resolveModel(const ProxyServices &services, const QString &id)
{
    ModelTarget t;
    const RouteTable &table = *services.table;
    const int index = table.findModel(id.toUtf8());
    if (index >= 0) {
        const ModelEntry &model = table.models()[std::size_t(index)];
        t.exists = true;
        t.id = QString::fromUtf8(model.id);
        t.ttlS = model.config->ttlS.value_or(table.config().pool.defaultTtlS);
        if (services.pool->instance(t.id)) {
            t.managed = true;
        } else if (pool::OllamaMonitor *monitor = services.pool->ollamaFor(QString::fromUtf8(table.backends()[std::size_t(model.backend)].id))) {
            t.ollama = monitor;
            t.ollamaName = model.config->upstreamModel;
        }
        return t;
    }
    if (pool::OllamaMonitor *monitor = services.pool->ollamaModel(id, &t.ollamaName)) {
        t.exists = true;
        t.id = id;
        t.ollama = monitor;
        t.ttlS = table.config().pool.defaultTtlS;
    }
    return t;
}

ModelActionResult loadModel(const ProxyServices &services, const QString &id)
{
    const ModelTarget t = resolveModel(services, id);
    if (!t.exists)
        return notFound(id);
    if (t.ollama) {
        t.ollama->load(t.ollamaName, t.ttlS > 0 ? t.ttlS : -1);
        return {Error::None, {}, t.id};
    }
    if (!t.managed)
        return notLoadable(t, "loaded");
    QString error;
    if (!services.pool->load(t.id, &error))
        return {Error::Refused, error, t.id};
    return {Error::None, {}, t.id};
}

ModelActionResult unloadModel(const ProxyServices &services, const QString &id)
{
    const ModelTarget t = resolveModel(services, id);
    if (!t.exists)
        return notFound(id);
    if (t.ollama) {
        t.ollama->unload(t.ollamaName);
        return {Error::None, {}, t.id};
    }
    if (!t.managed)
        return notLoadable(t, "unloaded");
    QString error;
    services.pool->unload(t.id, &error);
    return {Error::None, {}, t.id};
}

ModelActionResult pinModel(const ProxyServices &services, const QString &id, bool pinned)
{
    const ModelTarget t = resolveModel(services, id);
    if (!t.exists)
        return notFound(id);
    if (t.ollama) {
        // Ollama's way: keep_alive -1 keeps it loaded; a finite one lets it expire again.
        t.ollama->load(t.ollamaName, pinned ? -1 : std::max(t.ttlS, 1));
        return {Error::None, {}, t.id};
    }
    if (!t.managed)
        return notLoadable(t, pinned ? "pinned" : "unpinned");
    QString error;
    services.pool->setPinned(t.id, pinned, &error);
    return {Error::None, {}, t.id};
}

} // namespace sy::routing
