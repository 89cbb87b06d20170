#include "http/upstreampool.h"

#include "http/upstreamconnection.h"

#include <algorithm>

namespace sy::http {

UpstreamPool::UpstreamPool(QObject *parent) : QObject(parent) {}

UpstreamPool::~UpstreamPool()
{
    for (auto &[key, pool] : m_pools) {
        for (UpstreamConnection *connection : pool.all)
            connection->disconnect(this);
    }
}

std::unique_ptr<UpstreamRequest> UpstreamPool::start(UpstreamRequestSpec spec, UpstreamListener *listener)
{
    std::unique_ptr<UpstreamRequest> request(new UpstreamRequest(std::move(spec), this, listener));
    request->arm(request->spec().timeouts.firstByte); // covers any wait for a free connection
    dispatch(request.get(), /*allowReuse=*/true);
    return request;
}

void UpstreamPool::dispatch(UpstreamRequest *request, bool allowReuse)
{
    OriginPool &pool = m_pools[request->spec().origin.key()];
    if (allowReuse && !pool.idle.empty()) {
        UpstreamConnection *connection = pool.idle.back();
        pool.idle.pop_back();
        connection->attach(request);
        return;
    }
    if (!allowReuse && !pool.idle.empty() && int(pool.all.size()) >= m_options.maxConnectionsPerOrigin)
        pool.idle.front()->close(); // make room for a fresh connection
    if (int(pool.all.size()) < m_options.maxConnectionsPerOrigin) {
        auto *connection = new UpstreamConnection(request->spec().origin, this);
        pool.all.push_back(connection);
        connection->attach(request);
        connection->open();
        return;
    }
    request->m_state = UpstreamRequest::State::Queued;
    pool.waiting.emplace_back(request);
}

void UpstreamPool::release(UpstreamConnection *connection)
{
    OriginPool &pool = m_pools[connection->origin().key()];
    while (!pool.waiting.empty()) {
        UpstreamRequest *next = pool.waiting.front();
        pool.waiting.pop_front();
        if (!next->isDone()) {
            connection->attach(next);
            return;
        }
    }
    pool.idle.push_back(connection);
    connection->park(m_options.idleKeepAlive);
}

void UpstreamPool::onConnectionClosed(UpstreamConnection *connection)
{
    auto it = m_pools.find(connection->origin().key());
    if (it == m_pools.end())
        return;
    OriginPool &pool = it->second;
    std::erase(pool.all, connection);
    std::erase(pool.idle, connection);
    serveWaiting(pool);
}

void UpstreamPool::serveWaiting(OriginPool &pool)
{
    while (!pool.waiting.empty() && int(pool.all.size()) < m_options.maxConnectionsPerOrigin) {
        UpstreamRequest *next = pool.waiting.front();
        pool.waiting.pop_front();
        if (!next->isDone()) {
            dispatch(next, /*allowReuse=*/false);
            return;
        }
    }
}

void UpstreamPool::forget(UpstreamRequest *request)
{
    auto it = m_pools.find(request->spec().origin.key());
    if (it == m_pools.end())
        return;
    std::erase(it->second.waiting, request);
}

OriginStats UpstreamPool::stats(const Origin &origin) const
{
    auto it = m_pools.find(origin.key());
    if (it == m_pools.end())
        return {};
    return {int(it->second.all.size()), int(it->second.idle.size()), int(it->second.waiting.size())};
}

void UpstreamPool::closeIdle(const Origin &origin)
{
    auto it = m_pools.find(origin.key());
    if (it == m_pools.end())
        return;
    const auto idle = it->second.idle;
    for (UpstreamConnection *connection : idle)
        connection->close();
}

} // namespace sy::http
