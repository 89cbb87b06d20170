#pragma once
// Keep-alive connection pools per upstream origin, with a connection limit per origin
// and a FIFO of requests waiting for a free connection. Our own client rather than
// QNetworkAccessManager, whose 6-connections-per-host cap (Qt 6.4) would serialise
// streams to a model server.

#include "http/origin.h"
#include "http/upstreamrequest.h"
#include "util/deadlinequeue.h"

#include <map>
#include <QObject>
#include <deque>
#include <memory>
#include <vector>

namespace sy::http {

class UpstreamConnection;

struct UpstreamPoolOptions {
    int maxConnectionsPerOrigin = 64;
    std::chrono::milliseconds idleKeepAlive{60'000};
};

struct OriginStats {
    int open = 0;
    int idle = 0;
    int queued = 0;
};

class UpstreamPool : public QObject {
    Q_OBJECT
public:
    explicit UpstreamPool(QObject *parent = nullptr);
    ~UpstreamPool() override;

    void setOptions(const UpstreamPoolOptions &options) { m_options = options; }
    const UpstreamPoolOptions &options() const { return m_options; }

    // Starts a request that reports to `listener`; destroying it aborts it.
    std::unique_ptr<UpstreamRequest> start(UpstreamRequestSpec spec, UpstreamListener *listener);

    OriginStats stats(const Origin &origin) const;
    DeadlineQueue &deadlines() { return m_deadlines; }
    // Closes idle connections (e.g. after a model server restarted on the same port).
    void closeIdle(const Origin &origin);

private:
    friend class UpstreamConnection;
    friend class UpstreamRequest;

    struct OriginPool {
        std::vector<UpstreamConnection *> all;
        std::vector<UpstreamConnection *> idle; // most recently used last
        std::deque<UpstreamRequest *> waiting; // a request leaves this queue when it is destroyed
    };

    void dispatch(UpstreamRequest *request, bool allowReuse);
    void release(UpstreamConnection *connection);
    void onConnectionClosed(UpstreamConnection *connection);
    void forget(UpstreamRequest *request);
    void serveWaiting(OriginPool &pool);

    UpstreamPoolOptions m_options;
    DeadlineQueue m_deadlines; // timeouts of requests and idle connections
    std::map<QByteArray, OriginPool> m_pools; // node-based: references stay valid
};

} // namespace sy::http
