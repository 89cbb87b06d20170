#pragma once
// The operator's actions on a model named as clients name it: whatever drives it (the pool's
// processes, an Ollama server, another Switchyard; see pool/launchdriver.h) is asked to load,
// unload or pin it; a remote service's models have nothing to load. Shared by the
// management API and Ollama's load/unload requests.

#include "protocol/apierror.h"

#include <QString>
#include <functional>

namespace sy::pool {
class LaunchDriver;
}

namespace sy::routing {

struct ProxyServices;

// What an id names.
struct ModelTarget {
    bool exists = false;
    QString id; // canonical
    pool::LaunchDriver *driver = nullptr; // nullptr: a remote service's model
    QString name;                         // its name for the driver
    int ttlS = 0;
};
ModelTarget resolveModel(const ProxyServices &services, const QString &id);

struct ModelActionResult {
    enum class Error { None, NotFound, NotLoadable, Refused };
    Error error = Error::None;
    QString message;
    QString id; // the canonical id, when it exists
    bool ok() const { return error == Error::None; }
    // How a refusal is answered: 404 model_not_found, 400 not_managed, 503 load_refused.
    protocol::ErrorKind errorKind() const;
    const char *errorCode() const;
};
// `done` is called once: at once for local processes and Ollama, when a node answered for its models.
using ModelActionDone = std::function<void(const ModelActionResult &)>;
void loadModel(const ProxyServices &services, const QString &id, ModelActionDone done);
void unloadModel(const ProxyServices &services, const QString &id, ModelActionDone done);
void pinModel(const ProxyServices &services, const QString &id, bool pinned, ModelActionDone done);

} // namespace sy::routing
