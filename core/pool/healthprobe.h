#pragma once
// Polls a starting model server's health path until it answers 200. The interval starts
// at 25 ms and grows to 500 ms, so a server that is ready is noticed within milliseconds
// without hammering one that takes a minute.

#include "http/upstreamrequest.h"

#include <QTimer>
#include <functional>
#include <memory>

namespace sy::http {
class UpstreamPool;
}

namespace sy::pool {

class HealthProbe : private http::UpstreamListener {
public:
    HealthProbe(http::UpstreamPool &upstreams, std::function<void()> onHealthy);
    ~HealthProbe();

    void start(const http::Origin &origin, const QByteArray &path);
    void stop();
    // What the last poll saw ("503 Loading model", "connection refused"), for messages.
    const QString &lastObservation() const { return m_lastObservation; }

private:
    void poll();
    void scheduleNext();
    void onUpstreamHead() override;
    void onUpstreamBody() override;
    void onUpstreamFinished() override;
    void onUpstreamFailed(const http::UpstreamError &error) override;

    http::UpstreamPool &m_upstreams;
    std::function<void()> m_onHealthy;
    http::Origin m_origin;
    QByteArray m_path;
    std::unique_ptr<http::UpstreamRequest> m_request;
    QTimer m_timer;
    int m_intervalMs = 25;
    QByteArray m_body;
    QString m_lastObservation;
    bool m_running = false;
};

} // namespace sy::pool
