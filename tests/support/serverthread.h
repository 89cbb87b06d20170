#pragma once
// An HttpServer on its own thread with a test's handler, for tests that drive it with
// the blocking TestHttpClient from the test thread.

#include "http/httpserver.h"

#include <QThread>
#include <functional>

namespace sy::test {

class ServerThread {
public:
    // `setup` runs on the server's thread before it listens (handler, limits, ...).
    explicit ServerThread(std::function<void(http::HttpServer &)> setup);
    ~ServerThread();

    quint16 port() const { return m_port; }
    // Runs `fn` on the server's thread and waits for it.
    void run(const std::function<void(http::HttpServer &)> &fn);

private:
    QThread m_thread;
    http::HttpServer *m_server = nullptr;
    quint16 m_port = 0;
};

} // namespace sy::test
