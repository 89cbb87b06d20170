#pragma once
// The operator's actions on a model named as clients name it: a managed model (the pool
// loads its process), an Ollama model (configured or discovered: keep_alive), or a remote
// one (nothing to load). Shared by the management API and Ollama's load/unload requests.

#include <QString>

namespace sy::pool {
class OllamaMonitor;
}

namespace sy::routing {

struct ProxyServices;

// What an id names.
struct ModelTarget {
    bool exists = false;
    QString id; // canonical
    bool managed = false;
    pool::OllamaMonitor *ollama = nullptr;
    QString ollamaName;
    int ttlS = 0;
};
ModelTarget resolveModel(const ProxyServices &services, const QString &id);

struct ModelActionResult {
    enum class Error { None, NotFound, NotLoadable, Refused };
    Error error = Error::None;
    QString message;
    QString id; // the canonical id, when it exists
    bool ok() const { return error == Error::None; }
};
ModelActionResult loadModel(const ProxyServices &services, const QString &id);
ModelActionResult unloadModel(const ProxyServices &services, const QString &id);
ModelActionResult pinModel(const ProxyServices &services, const QString &id, bool pinned);

} // namespace sy::routing
