#include "routing/modelactions.h"

#include "pool/modelpool.h"
#include "protocol/apierror.h"
#include "routing/proxyservices.h"

namespace sy::routing {
namespace {

using Error = ModelActionResult::Error;
using Action = std::function<void(pool::LaunchDriver &, const ModelTarget &, pool::LaunchDriver::Done)>;

void act(const ProxyServices &services, const QString &id, const char *verb, const Action &action, ModelActionDone done)
{
    const ModelTarget t = resolveModel(services, id);
    if (!t.exists) {
        done({Error::NotFound, QStringLiteral("no model \"%1\"").arg(protocol::excerpt(id)), {}});
        return;
    }
    if (!t.driver) {
        done({Error::NotLoadable,
              QStringLiteral("\"%1\" is served by a remote service; only models Switchyard, Ollama or a node runs can be %2")
                  .arg(t.id, QLatin1String(verb)),
              t.id});
        return;
    }
    action(*t.driver, t, [done = std::move(done), id = t.id](const QString &error) {
        done(error.isEmpty() ? ModelActionResult{Error::None, {}, id} : ModelActionResult{Error::Refused, error, id});
    });
}

} // namespace

protocol::ErrorKind ModelActionResult::errorKind() const
{
    switch (error) {
    case Error::NotFound: return protocol::ErrorKind::NotFound;
    case Error::Refused: return protocol::ErrorKind::Unavailable;
    case Error::None:
    case Error::NotLoadable: break;
    }
    return protocol::ErrorKind::InvalidRequest;
}

const char *ModelActionResult::errorCode() const
{
    switch (error) {
    case Error::NotFound: return "model_not_found";
    case Error::Refused: return "load_refused";
    case Error::None:
    case Error::NotLoadable: break;
    }
    return "not_managed";
}

ModelTarget resolveModel(const ProxyServices &services, const QString &id)
{
    ModelTarget t;
    const RouteTable &table = *services.table;
    const int index = table.findModel(id.toUtf8());
    if (index >= 0) {
        const ModelEntry &model = table.models()[std::size_t(index)];
        const BackendEntry &backend = table.backends()[std::size_t(model.backend)];
        t.exists = true;
        t.id = QString::fromUtf8(model.id);
        t.ttlS = model.config->ttlS.value_or(table.config().pool.defaultTtlS);
        t.driver = services.pool->driverForBackend(backend.id);
        t.name = backend.managed ? t.id : model.config->upstreamModel;
        return t;
    }
    // Not in the config: a model an Ollama server or a node has ("local/llama3.1", "gpu1/coder").
    if ((t.driver = services.pool->driverForModel(id, &t.name))) {
        t.exists = true;
        t.id = id;
        t.ttlS = table.config().pool.defaultTtlS;
    }
    return t;
}

void loadModel(const ProxyServices &services, const QString &id, ModelActionDone done)
{
    act(services, id, "loaded", [](pool::LaunchDriver &d, const ModelTarget &t, pool::LaunchDriver::Done cb) { d.load(t.name, t.ttlS, std::move(cb)); },
        std::move(done));
}

void unloadModel(const ProxyServices &services, const QString &id, ModelActionDone done)
{
    act(services, id, "unloaded", [](pool::LaunchDriver &d, const ModelTarget &t, pool::LaunchDriver::Done cb) { d.unload(t.name, std::move(cb)); },
        std::move(done));
}

void pinModel(const ProxyServices &services, const QString &id, bool pinned, ModelActionDone done)
{
    act(services, id, pinned ? "pinned" : "unpinned",
        [pinned](pool::LaunchDriver &d, const ModelTarget &t, pool::LaunchDriver::Done cb) { d.setPinned(t.name, pinned, t.ttlS, std::move(cb)); },
        std::move(done));
}

} // namespace sy::routing
