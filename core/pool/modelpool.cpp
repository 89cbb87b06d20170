#include "pool/modelpool.h"

#include "http/upstreampool.h"
#include "pool/resourcesampler.h"
#include "util/clock.h"
#include "util/log.h"

#include <QTimer>
#include <algorithm>

namespace sy::pool {
namespace {

// The variables that hold Switchyard's own secrets: its admin token, the keys it sends to
// remote backends and nodes, its client keys. A managed backend's key stays: its server may
// read it (llama-server takes LLAMA_API_KEY).
QStringList secretVariables(const config::Config &config)
{
    QStringList names{QStringLiteral("SWITCHYARD_ADMIN_TOKEN")};
    for (const config::BackendConfig &b : config.backends) {
        if (!b.managed && !b.apiKeyEnv.isEmpty())
            names << b.apiKeyEnv;
    }
    for (const config::NodeConfig &n : config.nodes)
        names << n.tokenEnv << n.keyEnv;
    for (const config::ClientKeyConfig &k : config.server.clientKeys)
        names << k.keyEnv;
    names.removeAll(QString());
    return names;
}

auto &lg()
{
    static auto l = sy::log::get("pool");
    return *l;
}

constexpr int kMaxQueuePerModel = 256;

protocol::ApiError unavailable(QString message, QByteArray code)
{
    return protocol::makeError(protocol::ErrorKind::Unavailable, std::move(message), std::move(code));
}

} // namespace

// --- Lease -----------------------------------------------------------------------------

Lease::Lease(ModelPool *pool, QString modelId, quint64 generation, http::Origin origin)
    : m_pool(pool), m_modelId(std::move(modelId)), m_generation(generation), m_origin(std::move(origin))
{
}

Lease::Lease(Lease &&other) noexcept
    : m_pool(std::move(other.m_pool)),
      m_modelId(std::exchange(other.m_modelId, QString())),
      m_generation(other.m_generation),
      m_origin(std::move(other.m_origin))
{
}

Lease &Lease::operator=(Lease &&other) noexcept
{
    if (this != &other) {
        release();
        m_pool = std::move(other.m_pool);
        m_modelId = std::exchange(other.m_modelId, QString());
        m_generation = other.m_generation;
        m_origin = std::move(other.m_origin);
    }
    return *this;
}

void Lease::release()
{
    if (m_modelId.isEmpty())
        return;
    if (m_pool)
        m_pool->release(m_modelId, m_generation);
    m_modelId.clear();
}

// --- ModelPool -------------------------------------------------------------------------

ModelPool::ModelPool(http::UpstreamPool &upstreams, QObject *parent)
    : QObject(parent), m_upstreams(upstreams), m_backoffWake([this] { schedule(); })
{
    m_sampler = new ResourceSampler(
        [this] {
            std::vector<qint64> groups;
            for (const auto &[id, instance] : m_instances) {
                if (instance->isRunning() && instance->pid() > 0)
                    groups.push_back(instance->pid());
            }
            return groups;
        },
        this);
    connect(m_sampler, &ResourceSampler::sampled, this, &ModelPool::onSample);
}

ModelPool::~ModelPool() = default;

void ModelPool::configure(const config::Config &config)
{
    m_config = config;
    m_ports.setRange(config.pool.portFrom, config.pool.portTo);
    bool reshaped = false;
    std::map<QString, const config::ModelConfig *> wanted;
    for (const config::ModelConfig &model : config.models) {
        if (model.launch)
            wanted[model.id] = &model;
    }
    for (auto it = m_instances.begin(); it != m_instances.end();) {
        if (wanted.count(it->first)) {
            ++it;
            continue;
        }
        // Gone from the config: stop it, fail its waiters.
        failWaiters(it->first, unavailable(QStringLiteral("model \"%1\" was removed from the config").arg(it->first), "model_removed"),
                    record::Trigger::ModelRemoved, 0);
        it->second->disconnect(this);
        it->second->stopForShutdown(std::chrono::seconds(5));
        it->second.release()->deleteLater(); // lives until its process is gone
        it = m_instances.erase(it);
        reshaped = true;
    }
    m_withheldEnvironment = secretVariables(config);
    const InstanceContext context{&m_upstreams, &m_ports, &m_deadlines, &m_reaper, &m_withheldEnvironment};
    for (const auto &[id, model] : wanted) {
        auto it = m_instances.find(id);
        if (it != m_instances.end()) {
            it->second->reconfigure(*model, config.pool);
            continue;
        }
        auto instance = std::make_unique<ModelInstance>(*model, config.pool, context, this);
        wire(*instance);
        m_instances.emplace(id, std::move(instance));
        reshaped = true;
    }
    for (const auto &[id, model] : wanted) {
        if (model->preload && m_instances.at(id)->state() == ModelState::Cold)
            m_operatorLoads.insert(id); // the scheduler loads it as room allows
    }
    configureOllama(config);
    configureNodes(config);
    mapBackendDrivers(config);
    if (reshaped)
        Q_EMIT modelsReconfigured();
    updateSampling();
    schedule();
}

void ModelPool::configureOllama(const config::Config &config)
{
    std::vector<OllamaMonitor *> kept;
    for (const config::BackendConfig &backend : config.backends) {
        if (backend.protocol != config::BackendProtocol::Ollama || backend.managed)
            continue;
        const QUrl url(backend.baseUrl);
        const auto origin = http::Origin::fromUrl(url);
        QByteArray basePath = url.path(QUrl::FullyEncoded).toUtf8();
        while (basePath.endsWith('/'))
            basePath.chop(1);
        auto same = std::find_if(m_ollama.begin(), m_ollama.end(), [&](OllamaMonitor *m) {
            return m->backendId() == backend.id && m->idFor(QString()) == backend.prefix;
        });
        if (same != m_ollama.end()) {
            kept.push_back(*same);
            m_ollama.erase(same);
            continue;
        }
        auto *monitor = new OllamaMonitor(m_upstreams, backend.id, *origin, basePath, backend.prefix, this);
        connect(monitor, &OllamaMonitor::modelChanged, this, &ModelPool::modelChanged);
        connect(monitor, &OllamaMonitor::listChanged, this, &ModelPool::modelsReconfigured);
        monitor->setWatched(m_watchers > 0);
        kept.push_back(monitor);
    }
    for (OllamaMonitor *gone : m_ollama)
        gone->deleteLater();
    m_ollama = std::move(kept);
}

void ModelPool::configureNodes(const config::Config &config)
{
    std::vector<NodeMonitor *> kept;
    for (const config::NodeConfig &node : config.nodes) {
        auto same = std::find_if(m_nodes.begin(), m_nodes.end(), [&](NodeMonitor *m) {
            return m->config().id == node.id && m->config().url == node.url && m->config().tokenEnv == node.tokenEnv;
        });
        if (same != m_nodes.end()) {
            kept.push_back(*same);
            m_nodes.erase(same);
            continue;
        }
        auto *monitor = new NodeMonitor(m_upstreams, node, this);
        connect(monitor, &NodeMonitor::modelChanged, this, &ModelPool::modelChanged);
        connect(monitor, &NodeMonitor::countersChanged, this, &ModelPool::countersChanged);
        connect(monitor, &NodeMonitor::listChanged, this, &ModelPool::modelsReconfigured);
        kept.push_back(monitor);
    }
    for (NodeMonitor *gone : m_nodes)
        gone->deleteLater();
    m_nodes = std::move(kept);
}

NodeMonitor *ModelPool::nodeFor(const QString &nodeId) const
{
    for (NodeMonitor *m : m_nodes) {
        if (m->nodeId() == nodeId)
            return m;
    }
    return nullptr;
}

NodeMonitor *ModelPool::nodeModel(const QString &id, QString *name) const
{
    for (NodeMonitor *m : m_nodes) {
        if (QString n = m->nameFor(id); !n.isEmpty()) {
            *name = std::move(n);
            return m;
        }
    }
    return nullptr;
}

OllamaMonitor *ModelPool::ollamaFor(const QString &backendId) const
{
    for (OllamaMonitor *m : m_ollama) {
        if (m->backendId() == backendId)
            return m;
    }
    return nullptr;
}

OllamaMonitor *ModelPool::ollamaModel(const QString &id, QString *name) const
{
    for (OllamaMonitor *m : m_ollama) {
        const QString found = m->nameFor(id);
        if (!found.isEmpty()) {
            *name = found;
            return m;
        }
    }
    return nullptr;
}

void ModelPool::mapBackendDrivers(const config::Config &config)
{
    m_backendDrivers.clear();
    for (const config::BackendConfig &backend : config.backends) {
        LaunchDriver *driver = backend.managed          ? &m_processes
                               : !backend.node.isEmpty() ? static_cast<LaunchDriver *>(nodeFor(backend.node))
                                                         : ollamaFor(backend.id);
        if (driver)
            m_backendDrivers.emplace(backend.id.toUtf8(), driver);
    }
}

LaunchDriver *ModelPool::driverForBackend(const QByteArray &backendId) const
{
    const auto it = m_backendDrivers.find(backendId);
    return it == m_backendDrivers.end() ? nullptr : it->second;
}

LaunchDriver *ModelPool::driverForModel(const QString &id, QString *name) const
{
    if (instance(id)) {
        *name = id;
        return &m_processes;
    }
    if (LaunchDriver *ollama = ollamaModel(id, name))
        return ollama;
    return nodeModel(id, name);
}

void ModelPool::wire(ModelInstance &instance)
{
    const QString id = instance.id();
    connect(&instance, &ModelInstance::changed, this, [this, id] {
        Q_EMIT modelChanged(id);
        updateSampling();
    });
    connect(&instance, &ModelInstance::idle, this, [this] {
        Q_EMIT countersChanged();
        schedule();
    });
    connect(&instance, &ModelInstance::ready, this, [this, &instance] {
        if (!instance.config().group.isEmpty())
            m_groupCutoffNs[instance.config().group] = clock::nowNs(); // this batch: what waited for the swap
        schedule();
    });
    connect(&instance, &ModelInstance::loadFailed, this, [this, &instance] {
        failWaiters(instance.id(),
                    unavailable(QStringLiteral("model \"%1\" failed to load: %2").arg(instance.id(), instance.lastError()),
                                "model_load_failed"),
                    record::Trigger::LoadFailed, 5);
        schedule();
    });
    connect(&instance, &ModelInstance::stopped, this, [this] { schedule(); });
}

ModelInstance *ModelPool::instance(const QString &id) const
{
    auto it = m_instances.find(id);
    return it == m_instances.end() ? nullptr : it->second.get();
}

std::vector<ModelInstance *> ModelPool::instances() const
{
    std::vector<ModelInstance *> out;
    for (const auto &[id, instance] : m_instances)
        out.push_back(instance.get());
    return out;
}

int ModelPool::queued(const QString &id) const
{
    auto it = m_waiting.find(id);
    return it == m_waiting.end() ? 0 : int(it->second.size());
}

qint64 ModelPool::oldestWaiterNs(const QString &modelId) const
{
    auto it = m_waiting.find(modelId);
    return it == m_waiting.end() || it->second.empty() ? 0 : it->second.front()->enqueuedNs;
}

WaiterPtr ModelPool::acquire(const QString &modelId)
{
    auto waiter = std::make_shared<Waiter>();
    waiter->modelId = modelId;
    waiter->enqueuedNs = clock::nowNs();
    ModelInstance *instance = this->instance(modelId);
    if (!instance) {
        finishWaiter(waiter, {{}, protocol::makeError(protocol::ErrorKind::Internal,
                                                      QStringLiteral("model \"%1\" is not managed by the pool").arg(modelId)),
                              record::Trigger::NotManaged, 0});
        return waiter;
    }
    if (m_stopping) {
        finishWaiter(waiter, {{}, unavailable(QStringLiteral("Switchyard is shutting down"), "shutting_down"), record::Trigger::ShuttingDown, 5});
        return waiter;
    }
    if (instance->state() == ModelState::Failed && instance->config().restart == config::RestartPolicy::Never) {
        finishWaiter(waiter, {{}, unavailable(QStringLiteral("model \"%1\" failed and is not restarted (restart: never): %2")
                                                  .arg(modelId, instance->lastError()),
                                              "model_failed"),
                              record::Trigger::LoadFailed, 0});
        return waiter;
    }
    std::deque<WaiterPtr> &queue = m_waiting[modelId];
    if (queue.empty() && instance->canAdmit() && groupAllowsAdmission(*instance, *waiter)) {
        grant(*instance, waiter);
        return waiter;
    }
    if (int(queue.size()) >= kMaxQueuePerModel) {
        finishWaiter(waiter, {{}, unavailable(QStringLiteral("model \"%1\" has %2 requests waiting; try again shortly")
                                                  .arg(modelId)
                                                  .arg(queue.size()),
                                              "queue_full"),
                              record::Trigger::QueueFull, 2});
        return waiter;
    }
    const int waitS = std::max(m_config.fallback.timeoutS, instance->config().launch->loadTimeoutS + 5);
    std::weak_ptr<Waiter> weak = waiter;
    waiter->timeout = std::make_unique<Deadline>([this, weak, waitS] {
        WaiterPtr w = weak.lock();
        if (!w)
            return;
        std::erase(m_waiting[w->modelId], w);
        finishWaiter(w, {{}, unavailable(QStringLiteral("model \"%1\" was not available within %2 s").arg(w->modelId).arg(waitS),
                                         "queue_timeout"),
                         record::Trigger::QueueTimeout, 5});
    });
    waiter->timeout->arm(m_deadlines, std::chrono::seconds(waitS));
    queue.push_back(waiter);
    Q_EMIT countersChanged();
    schedule();
    return waiter;
}

void ModelPool::cancel(const WaiterPtr &waiter)
{
    if (waiter->result.isSet())
        return;
    std::erase(m_waiting[waiter->modelId], waiter);
    finishWaiter(waiter, {{}, protocol::makeError(protocol::ErrorKind::InvalidRequest, QStringLiteral("cancelled")), record::Trigger::Cancelled, 0});
    Q_EMIT countersChanged();
    schedule();
}

void ModelPool::finishWaiter(const WaiterPtr &waiter, LeaseResult result)
{
    if (waiter->timeout)
        waiter->timeout->disarm();
    waiter->result.set(std::move(result));
}

void ModelPool::grant(ModelInstance &instance, const WaiterPtr &waiter)
{
    instance.admit();
    const auto origin = http::Origin::fromUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(instance.port())));
    finishWaiter(waiter, {Lease(this, instance.id(), m_generation[instance.id()], *origin), {}, {}, 0});
    Q_EMIT countersChanged();
}

void ModelPool::release(const QString &modelId, quint64 generation)
{
    ModelInstance *instance = this->instance(modelId);
    if (instance && m_generation[modelId] == generation)
        instance->release(); // emits idle() when it was the last one: that schedules
    else
        schedule();
    Q_EMIT countersChanged();
}

bool ModelPool::groupAllowsAdmission(const ModelInstance &instance, const Waiter &waiter) const
{
    const QString &group = instance.config().group;
    if (group.isEmpty())
        return true;
    auto cutoff = m_groupCutoffNs.find(group);
    if (cutoff != m_groupCutoffNs.end() && waiter.enqueuedNs <= cutoff->second)
        return true; // it waited for this model's swap: part of its batch
    for (const auto &[id, other] : m_instances) {
        if (other.get() == &instance || other->config().group != group)
            continue;
        const qint64 oldest = oldestWaiterNs(id);
        if (oldest != 0 && oldest < waiter.enqueuedNs)
            return false; // someone asked for another group member first: let the swap happen
    }
    return true;
}

void ModelPool::pump(ModelInstance &instance)
{
    std::deque<WaiterPtr> &queue = m_waiting[instance.id()];
    while (!queue.empty() && instance.canAdmit() && groupAllowsAdmission(instance, *queue.front())) {
        WaiterPtr next = queue.front();
        queue.pop_front();
        grant(instance, next);
    }
}

void ModelPool::schedule()
{
    if (m_scheduling) {
        m_scheduleAgain = true;
        return;
    }
    m_scheduling = true;
    do {
        m_scheduleAgain = false;
        qint64 nextBackoffMs = 0;
        for (auto &[id, instance] : m_instances) {
            pump(*instance);
            const bool waiting = !m_waiting[id].empty();
            const bool restartAlways = instance->config().restart == config::RestartPolicy::Always;
            switch (instance->state()) {
            case ModelState::Cold:
                if (waiting || m_operatorLoads.contains(id))
                    tryStartLoad(*instance);
                break;
            case ModelState::Failed:
                if (!waiting && !restartAlways)
                    break;
                if (instance->config().restart == config::RestartPolicy::Never) {
                    failWaiters(id, unavailable(QStringLiteral("model \"%1\" failed: %2").arg(id, instance->lastError()), "model_failed"),
                                record::Trigger::LoadFailed, 0);
                } else if (const qint64 left = instance->backoffRemainingMs(); left > 0) {
                    nextBackoffMs = nextBackoffMs ? std::min(nextBackoffMs, left) : left;
                } else {
                    tryStartLoad(*instance);
                }
                break;
            default:
                m_operatorLoads.remove(id); // running: done
                break;
            }
        }
        if (nextBackoffMs > 0)
            m_backoffWake.arm(m_deadlines, std::chrono::milliseconds(nextBackoffMs + 10));
    } while (m_scheduleAgain);
    m_scheduling = false;
}

const ModelInstance *ModelPool::pinnedGroupHolder(const ModelInstance &instance) const
{
    const QString &group = instance.config().group;
    if (group.isEmpty())
        return nullptr;
    for (const auto &[id, other] : m_instances) {
        if (other.get() != &instance && other->config().group == group && other->pinned() && other->isRunning())
            return other.get();
    }
    return nullptr;
}

QString ModelPool::groupPinnedMessage(const ModelInstance &instance, const ModelInstance &holder)
{
    return QStringLiteral("model \"%1\" cannot load: \"%2\" holds its group \"%3\" and is pinned (unpin it to let group members swap)")
        .arg(instance.id(), holder.id(), instance.config().group);
}

bool ModelPool::tryStartLoad(ModelInstance &instance)
{
    if (m_stopping)
        return false;
    // A pinned group member is never swapped out: requests for the others fail at once (and
    // fall back), rather than wait for a swap that will not come.
    if (const ModelInstance *holder = pinnedGroupHolder(instance)) {
        m_operatorLoads.remove(instance.id());
        failWaiters(instance.id(), unavailable(groupPinnedMessage(instance, *holder), "group_pinned"), record::Trigger::GroupPinned, 0);
        return false;
    }
    const QString &group = instance.config().group;
    if (!group.isEmpty()) {
        for (auto &[id, other] : m_instances) {
            if (other.get() == &instance || other->config().group != group || !other->isRunning())
                continue;
            // One member of a group at a time: swap out an idle one, wait for a busy one to drain
            // (its admissions stop while others wait, see groupAllowsAdmission()).
            if (other->isIdle())
                other->unload(QStringLiteral("swapping in \"%1\" (group \"%2\")").arg(instance.id(), group));
            return false;
        }
    }
    if (!makeRoomFor(instance))
        return false;
    ++m_generation[instance.id()];
    instance.load();
    return true;
}

bool ModelPool::makeRoomFor(ModelInstance &instance)
{
    const qint64 budget = budgetBytes();
    if (budget <= 0)
        return true;
    const qint64 need = instance.expectedBytes();
    qint64 used = 0;
    bool othersRunning = false;
    std::vector<ModelInstance *> victims;
    for (auto &[id, other] : m_instances) {
        if (other.get() == &instance || !other->isRunning())
            continue;
        othersRunning = true;
        used += other->expectedBytes();
        if (other->isIdle() && !other->pinned() && m_waiting[id].empty())
            victims.push_back(other.get());
    }
    if (used + need <= budget || !othersRunning)
        return true; // fits, or nothing else to make room from (a model bigger than the budget alone)
    std::sort(victims.begin(), victims.end(),
              [](const ModelInstance *a, const ModelInstance *b) { return a->lastUsedNs() < b->lastUsedNs(); });
    for (ModelInstance *victim : victims) {
        if (used + need <= budget)
            break;
        victim->unload(QStringLiteral("memory budget: making room for \"%1\"").arg(instance.id()));
        used -= victim->expectedBytes();
    }
    return false; // load once the evicted ones are gone (or others become idle)
}

void ModelPool::failWaiters(const QString &modelId, const protocol::ApiError &error, record::Trigger trigger, int retryAfterS)
{
    std::deque<WaiterPtr> waiters = std::exchange(m_waiting[modelId], {});
    for (const WaiterPtr &waiter : waiters)
        finishWaiter(waiter, {{}, error, trigger, retryAfterS});
    if (!waiters.empty())
        Q_EMIT countersChanged();
}

bool ModelPool::load(const QString &id, QString *error)
{
    ModelInstance *instance = this->instance(id);
    if (!instance) {
        *error = QStringLiteral("no managed model \"%1\"").arg(id);
        return false;
    }
    if (instance->isRunning())
        return true;
    if (const ModelInstance *holder = pinnedGroupHolder(*instance)) {
        *error = groupPinnedMessage(*instance, *holder);
        return false;
    }
    // An explicit load skips the back-off; when a group member or the budget is in the way,
    // the scheduler completes it once there is room.
    if (!tryStartLoad(*instance))
        m_operatorLoads.insert(id);
    return true;
}

bool ModelPool::unload(const QString &id, QString *error)
{
    ModelInstance *instance = this->instance(id);
    if (!instance) {
        *error = QStringLiteral("no managed model \"%1\"").arg(id);
        return false;
    }
    failWaiters(id, unavailable(QStringLiteral("model \"%1\" was unloaded by the operator").arg(id), "model_unloaded"),
                record::Trigger::ModelUnloaded, 0);
    m_operatorLoads.remove(id);
    instance->unload(QStringLiteral("operator request"));
    return true;
}

bool ModelPool::checkAlive(const QString &id)
{
    ModelInstance *instance = this->instance(id);
    return !instance || instance->checkAlive();
}

void ModelPool::setKeepAlive(const QString &id, double seconds)
{
    if (ModelInstance *m = instance(id))
        m->setKeepAlive(seconds);
}

bool ModelPool::setPinned(const QString &id, bool pinned, QString *error)
{
    ModelInstance *instance = this->instance(id);
    if (!instance) {
        *error = QStringLiteral("no managed model \"%1\"").arg(id);
        return false;
    }
    instance->setPinned(pinned);
    return true;
}

void ModelPool::stopAll(std::chrono::milliseconds grace, std::function<void()> done)
{
    m_stopping = true;
    lg().info("stopping {} model server(s)", std::count_if(m_instances.begin(), m_instances.end(),
                                                         [](const auto &i) { return i.second->isRunning(); }));
    for (auto &[id, queue] : m_waiting)
        failWaiters(id, unavailable(QStringLiteral("Switchyard is shutting down"), "shutting_down"), record::Trigger::ShuttingDown, 5);
    auto finishIfStopped = std::make_shared<std::function<void()>>();
    auto called = std::make_shared<bool>(false);
    *finishIfStopped = [this, done, called] {
        if (*called)
            return;
        for (const auto &[id, instance] : m_instances) {
            if (instance->isRunning())
                return;
        }
        *called = true;
        done();
    };
    for (auto &[id, instance] : m_instances) {
        connect(instance.get(), &ModelInstance::stopped, this, [finishIfStopped] { (*finishIfStopped)(); });
        instance->stopForShutdown(grace);
    }
    // Whatever happens, do not hold up the exit longer than the grace plus a little.
    QTimer::singleShot(grace + std::chrono::milliseconds(1500), this, [finishIfStopped, called, done] {
        if (!*called) {
            *called = true;
            done();
        }
    });
    (*finishIfStopped)();
}

void ModelPool::setWatchers(int count)
{
    m_watchers = count;
    for (OllamaMonitor *m : m_ollama)
        m->setWatched(count > 0);
    updateSampling();
}

void ModelPool::updateSampling()
{
    bool running = false;
    for (const auto &[id, instance] : m_instances)
        running = running || instance->isRunning();
    m_sampler->setActive(running || m_watchers > 0);
}

void ModelPool::onSample(const ResourceSample &sample)
{
    m_system.totalBytes = sample.memTotalBytes;
    m_system.availableBytes = sample.memAvailableBytes;
    m_system.gpuTotalBytes = sample.gpuTotalBytes;
    m_system.gpuUsedBytes = sample.gpuUsedBytes;
    for (auto &[id, instance] : m_instances) {
        if (!instance->isRunning() || instance->pid() <= 0)
            continue;
        auto rss = sample.rssByGroup.find(instance->pid());
        auto gpu = sample.gpuByGroup.find(instance->pid());
        instance->setMeasuredMemory(rss == sample.rssByGroup.end() ? 0 : rss->second,
                                    gpu == sample.gpuByGroup.end() ? std::nullopt : std::optional<qint64>(gpu->second));
    }
    Q_EMIT countersChanged();
    if (budgetBytes() > 0)
        schedule(); // a measurement may show that something now fits
}

} // namespace sy::pool
