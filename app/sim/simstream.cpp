#include "simstream.h"

#include "http/httpexchange.h"
#include "simserver.h"

#include <cstdio>
#include <unistd.h>

namespace sim {

SimStream::SimStream(sy::http::HttpExchange *exchange, QByteArrayList events, int intervalMs, SimStats &stats,
                     bool crashAfterFirstEvent, QByteArray contentType, QByteArray terminator)
    : QObject(exchange),
      m_exchange(exchange),
      m_events(std::move(events)),
      m_stats(stats),
      m_crash(crashAfterFirstEvent),
      m_terminator(std::move(terminator))
{
    ++m_stats.active;
    m_stats.maxActive = std::max(m_stats.maxActive, m_stats.active);
    sy::http::Headers headers;
    headers.add("Content-Type", contentType);
    headers.add("Cache-Control", "no-cache");
    exchange->begin(200, headers);
    connect(exchange, &sy::http::HttpExchange::clientGone, this, [this] {
        ++m_stats.cancelled;
        --m_stats.active;
        m_timer.stop();
        std::printf("sim: client went away mid-stream after %lld of %lld events\n", qlonglong(m_next),
                    qlonglong(m_events.size()));
        std::fflush(stdout);
    });
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &SimStream::sendNext);
    if (intervalMs <= 0) {
        while (m_exchange && !m_exchange->isEnded() && m_next < m_events.size() && !m_crash)
            sendNext();
        if (m_crash)
            sendNext();
        return;
    }
    sendNext();
    m_timer.start();
}

void SimStream::sendNext()
{
    if (!m_exchange || m_exchange->isClientGone())
        return;
    if (m_next < m_events.size())
        m_exchange->write(m_events[m_next++]);
    if (m_crash) {
        std::printf("sim: crashing mid-stream (--crash-after)\n");
        std::fflush(stdout);
        QTimer::singleShot(30, [] { ::_exit(3); });
        m_timer.stop();
        return;
    }
    if (m_next >= m_events.size())
        finish();
}

void SimStream::finish()
{
    m_timer.stop();
    if (!m_terminator.isEmpty())
        m_exchange->write(m_terminator);
    ++m_stats.completed;
    --m_stats.active;
    m_exchange->end();
}

} // namespace sim
