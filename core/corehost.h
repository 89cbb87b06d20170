#pragma once
// Owns the core thread: creates the Core on it, and on destruction shuts it down
// gracefully, quits the thread and waits. Other threads talk to the core only over
// its HTTP/WebSocket endpoint.

#include "core.h"

#include <QThread>
#include <QUrl>

namespace sy {

class CoreHost {
public:
    explicit CoreHost(CoreOptions options);
    ~CoreHost();
    CoreHost(const CoreHost &) = delete;
    CoreHost &operator=(const CoreHost &) = delete;

    // Starts the thread and waits until the core listens (or failed to start).
    bool start(QString *error);
    // Graceful stop; blocks until the core thread has ended. Idempotent.
    void stop();

    QUrl endpoint() const { return m_endpoint; }
    QString configPath() const { return m_configPath; }
    QByteArray adminToken() const { return m_adminToken; }

private:
    CoreOptions m_options;
    QThread m_thread;
    Core *m_core = nullptr;
    QUrl m_endpoint;
    QString m_configPath;
    QByteArray m_adminToken;
};

} // namespace sy
