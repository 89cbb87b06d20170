#pragma once
// The one interface the pool drives model servers through, whatever runs them: local
// processes (ProcessDriver), an Ollama server (OllamaMonitor), another Switchyard
// (NodeMonitor). Routing asks a driver how warm and busy a model is; the management API,
// the window and Ollama's load requests ask it to load, unload and pin. A new kind (e.g.
// Kubernetes: load = scale a Deployment to 1) is one more implementation; see
// docs/scaling.md. Models are named as the driver knows them: a managed model's id, the
// Ollama name, the node's own id.

#include <QString>
#include <functional>

namespace sy::pool {

struct DriverStatus {
    bool warm = false;      // it answers without loading first
    int load = 0;           // requests in flight and queued for it
    bool reachable = true;  // false: where it runs does not answer now
};

class LaunchDriver {
public:
    // Called once with an empty string when the driver took the action, else why not.
    using Done = std::function<void(const QString &error)>;

    virtual ~LaunchDriver() = default;

    virtual DriverStatus status(const QString &name) const = 0;
    // ttlS: how long it stays loaded when idle; 0: never unloaded (as in the config).
    virtual void load(const QString &name, int ttlS, Done done) = 0;
    virtual void unload(const QString &name, Done done) = 0;
    virtual void setPinned(const QString &name, bool pinned, int ttlS, Done done) = 0;
};

} // namespace sy::pool
