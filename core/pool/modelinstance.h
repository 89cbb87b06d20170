#pragma once
// One managed model: its server process, port, state machine, idle TTL and restart
// back-off. The pool decides when to load and unload; the instance carries it out and
// reports what happened.

#include "pool/childprocess.h"
#include "pool/healthprobe.h"
#include "pool/modelstate.h"
#include "store/config.h"
#include "util/deadlinequeue.h"

#include <QObject>
#include <optional>

namespace sy::http {
class UpstreamPool;
}

namespace sy::pool {

class GroupReaper;
class PortAllocator;

struct InstanceContext {
    http::UpstreamPool *upstreams = nullptr;
    PortAllocator *ports = nullptr;
    DeadlineQueue *deadlines = nullptr;
    GroupReaper *reaper = nullptr;
    // Variables of Switchyard's own environment the model servers do not get (its admin
    // token, remote backends' keys): ModelPool keeps the list current with the config.
    const QStringList *withheldEnvironment = nullptr;
};

class ModelInstance : public QObject {
    Q_OBJECT
public:
    ModelInstance(const config::ModelConfig &model, const config::PoolConfig &pool, InstanceContext context,
                  QObject *parent = nullptr);
    ~ModelInstance() override;

    // A config change; takes effect on the next load (the TTL at once).
    void reconfigure(const config::ModelConfig &model, const config::PoolConfig &pool);
    const config::ModelConfig &config() const { return m_config; }
    const QString &id() const { return m_config.id; }

    void load();
    void unload(const QString &reason);
    void stopForShutdown(std::chrono::milliseconds grace);
    // A request could not connect: if the process is dead, fail now rather than when Qt notices.
    bool checkAlive();

    // A request starts / ends on this model.
    void admit();
    void release();

    ModelState state() const { return m_state; }
    bool isRunning() const; // starting, hot, busy or unloading
    bool canAdmit() const;  // hot/busy and below maxConcurrent
    bool isIdle() const { return (m_state == ModelState::Hot) && m_inFlight == 0; }
    int inFlight() const { return m_inFlight; }
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.pid(); }
    const QString &lastError() const { return m_lastError; }
    const LogRing &logs() const { return m_process.logs(); }
    bool pinned() const { return m_pinned; }
    void setPinned(bool pinned);
    int ttlS() const;
    // A client's keep_alive (Ollama's semantics): seconds to stay loaded when idle, < 0 for
    // ever, 0 to unload as soon as idle. Holds until the model unloads.
    void setKeepAlive(double seconds);
    qint64 ttlRemainingMs() const { return m_ttl.remainingMs(); }
    qint64 lastUsedMs() const { return m_lastUsedMs; }
    qint64 lastUsedNs() const { return m_lastUsedNs; } // monotonic, for least-recently-used order
    qint64 loadedAtMs() const { return m_loadedAtMs; }
    // When the current (or last) load began, wall clock.
    qint64 loadStartedMs() const { return m_loadStartedMs; }
    int restarts() const { return m_restarts; }
    int loads() const { return m_loads; } // processes started
    // Back-off after failures: how long until another load may start (0 = now).
    qint64 backoffRemainingMs() const;

    // Memory: measured RSS (with children) while running, else the best estimate.
    void setMeasuredMemory(qint64 rssBytes, std::optional<qint64> gpuBytes);
    qint64 rssBytes() const { return m_rssBytes; }
    std::optional<qint64> gpuBytes() const { return m_gpuBytes; }
    qint64 expectedBytes() const;

Q_SIGNALS:
    void changed();    // state, pin, error, port... (feed delta)
    void idle();       // no request in flight any more
    void ready();      // became hot
    void loadFailed(); // a load ended in failed
    void stopped();    // back to cold (or failed after a crash): resources are free

private:
    void setState(ModelState state);
    void onHealthy();
    void onLoadTimeout();
    void onExited(int exitCode, bool crashed, bool expected);
    // Ends in Failed with `message`; `loading`: the failure ends a load (its waiters are told);
    // `noProcess`: it failed before a process started, so there is no output of its own to
    // quote (the log's last run is an earlier one's).
    void fail(const QString &message, bool loading, bool noProcess = false);
    void armTtl();
    QStringList commandLine() const;

    config::ModelConfig m_config;
    config::PoolConfig m_poolConfig;
    InstanceContext m_context;
    ChildProcess m_process;
    HealthProbe m_health;
    Deadline m_ttl;
    std::optional<int> m_keepAliveS; // overrides ttlS(): 0 = never unload, -1 = unload when idle
    Deadline m_loadTimeout;
    ModelState m_state = ModelState::Cold;
    quint16 m_port = 0;
    int m_inFlight = 0;
    bool m_pinned = false;
    QString m_lastError;
    QString m_unloadReason;
    qint64 m_lastUsedMs = 0;
    qint64 m_lastUsedNs = 0;
    qint64 m_loadedAtMs = 0;
    qint64 m_loadStartedMs = 0;
    qint64 m_failedAtMs = 0;
    int m_consecutiveFailures = 0;
    int m_restarts = 0;
    int m_loads = 0;
    qint64 m_rssBytes = 0;
    qint64 m_peakRssBytes = 0; // kept across loads, for the budget before the next measurement
    std::optional<qint64> m_gpuBytes;
};

} // namespace sy::pool
