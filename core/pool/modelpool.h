#pragma once
// The managed models: one ModelInstance per model with a launch block. Requests ask for a
// lease; a cold model is loaded on demand, requests wait in a bounded per-model queue while
// it starts or while it is at maxConcurrent. The scheduler applies exclusive groups
// (batched, so alternating requests do not thrash swaps) and the memory budget (idle,
// unpinned models are evicted least recently used first).

#include "pool/groupreaper.h"
#include "pool/lease.h"
#include "pool/modelinstance.h"
#include "pool/nodemonitor.h"
#include "pool/ollamamonitor.h"
#include "pool/portallocator.h"
#include "pool/processdriver.h"
#include "util/completion.h"
#include "util/deadlinequeue.h"

#include <QObject>
#include <QSet>
#include <deque>
#include <functional>
#include <map>
#include <memory>

namespace sy::http {
class UpstreamPool;
}

namespace sy::pool {

class ResourceSampler;

struct SystemMemory {
    qint64 totalBytes = 0;
    qint64 availableBytes = 0;
    std::optional<qint64> gpuTotalBytes; // unset: no nvidia-smi
    std::optional<qint64> gpuUsedBytes;
};

// A request waiting for a lease.
struct Waiter {
    QString modelId;
    qint64 enqueuedNs = 0;
    Completion<LeaseResult> result;
    std::unique_ptr<Deadline> timeout;
};
using WaiterPtr = std::shared_ptr<Waiter>;

class ModelPool : public QObject {
    Q_OBJECT
public:
    explicit ModelPool(http::UpstreamPool &upstreams, QObject *parent = nullptr);
    ~ModelPool() override;

    // Creates, updates and removes instances to match the config.
    void configure(const config::Config &config);

    ModelInstance *instance(const QString &id) const;
    std::vector<ModelInstance *> instances() const;
    int queued(const QString &id) const;
    // Ollama backends (one monitor each).
    const std::vector<OllamaMonitor *> &ollama() const { return m_ollama; }
    OllamaMonitor *ollamaFor(const QString &backendId) const;
    // The monitor and Ollama name of a client-facing id ("local/llama3.1"), if it is one.
    OllamaMonitor *ollamaModel(const QString &id, QString *name) const;
    // Other Switchyards (nodes[]; one monitor each).
    const std::vector<NodeMonitor *> &nodes() const { return m_nodes; }
    NodeMonitor *nodeFor(const QString &nodeId) const;
    // The monitor and the node's name of a client-facing id ("gpu1/coder"), if it is one.
    NodeMonitor *nodeModel(const QString &id, QString *name) const;
    // The driver behind a backend's models (nullptr: a remote service, nothing to drive).
    LaunchDriver *driverForBackend(const QByteArray &backendId) const;
    // The driver of a model known by its client-facing id (a managed model, an Ollama or a
    // node's model), and its name there.
    LaunchDriver *driverForModel(const QString &id, QString *name) const;
    const SystemMemory &system() const { return m_system; }
    qint64 budgetBytes() const { return qint64(m_config.pool.memoryBudgetMiB) * 1024 * 1024; }

    // A lease on the model (loading it if needed); co_await waiter->result.
    WaiterPtr acquire(const QString &modelId);
    // The waiting request went away.
    void cancel(const WaiterPtr &waiter);

    // Operator actions; false with a message when refused.
    bool load(const QString &id, QString *error);
    bool unload(const QString &id, QString *error);
    bool setPinned(const QString &id, bool pinned, QString *error);
    // A client's keep_alive for a managed model (see ModelInstance::setKeepAlive).
    void setKeepAlive(const QString &id, double seconds);
    // A request could not connect to the model: false if its process turned out dead (now failed).
    bool checkAlive(const QString &id);

    // Stops every model (SIGTERM, SIGKILL after `grace`), then calls `done`.
    void stopAll(std::chrono::milliseconds grace, std::function<void()> done);

    // Resource sampling runs while this is > 0 or a model is running (the feed asks).
    void setWatchers(int count);

Q_SIGNALS:
    void modelChanged(const QString &id); // state or settings: worth a feed delta
    void countersChanged();               // in flight, queued, memory: throttled by the feed
    void modelsReconfigured();            // instances added or removed

private:
    friend class Lease;
    void release(const QString &modelId, quint64 generation);
    void schedule();
    void pump(ModelInstance &instance);
    bool groupAllowsAdmission(const ModelInstance &instance, const Waiter &waiter) const;
    bool tryStartLoad(ModelInstance &instance);
    // The loaded, pinned member of `instance`'s exclusive group that keeps it from loading.
    const ModelInstance *pinnedGroupHolder(const ModelInstance &instance) const;
    static QString groupPinnedMessage(const ModelInstance &instance, const ModelInstance &holder);
    bool makeRoomFor(ModelInstance &instance);
    void failWaiters(const QString &modelId, const protocol::ApiError &error, record::Trigger trigger, int retryAfterS);
    void grant(ModelInstance &instance, const WaiterPtr &waiter);
    void finishWaiter(const WaiterPtr &waiter, LeaseResult result);
    void wire(ModelInstance &instance);
    void configureOllama(const config::Config &config);
    void configureNodes(const config::Config &config);
    void mapBackendDrivers(const config::Config &config);
    void updateSampling();
    void onSample(const struct ResourceSample &sample);
    qint64 oldestWaiterNs(const QString &modelId) const;

    http::UpstreamPool &m_upstreams;
    config::Config m_config;
    PortAllocator m_ports;
    DeadlineQueue m_deadlines;
    GroupReaper m_reaper; // outlives the instances (declared before them)
    QStringList m_withheldEnvironment; // InstanceContext::withheldEnvironment
    mutable ProcessDriver m_processes{*this}; // handed out by the const look-ups below
    std::map<QString, std::unique_ptr<ModelInstance>> m_instances;
    std::map<QString, std::deque<WaiterPtr>> m_waiting;
    std::map<QString, quint64> m_generation;       // bumped on each load: stale leases are ignored
    std::map<QString, qint64> m_groupCutoffNs;      // per group: admission cut-off of the active member
    QSet<QString> m_operatorLoads;                  // loads asked for while a group or the budget was in the way
    ResourceSampler *m_sampler = nullptr;
    std::vector<OllamaMonitor *> m_ollama;
    std::vector<NodeMonitor *> m_nodes;
    std::map<QByteArray, LaunchDriver *> m_backendDrivers; // rebuilt on configure; remote services are absent
    Deadline m_backoffWake; // re-runs the scheduler when a failed model may restart
    SystemMemory m_system;
    int m_watchers = 0;
    bool m_stopping = false;
    bool m_scheduling = false;
    bool m_scheduleAgain = false;
};

} // namespace sy::pool
