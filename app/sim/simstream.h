#pragma once
// Sends prepared SSE events to one client at the sim's token rate; stops (and counts a
// cancellation) when the client goes away; can crash the process mid-stream on request.

#include <QByteArrayList>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace sy::http {
class HttpExchange;
}

namespace sim {

struct SimStats;

class SimStream : public QObject {
    Q_OBJECT
public:
    // `events`: full "data: ...\n\n" blocks. intervalMs 0 = all at once.
    // `terminator` is written after the last event ("data: [DONE]\n\n" for SSE).
    SimStream(sy::http::HttpExchange *exchange, QByteArrayList events, int intervalMs, SimStats &stats,
              bool crashAfterFirstEvent, QByteArray contentType = "text/event-stream",
              QByteArray terminator = "data: [DONE]\n\n");

private:
    void sendNext();
    void finish();

    QPointer<sy::http::HttpExchange> m_exchange;
    QByteArrayList m_events;
    qsizetype m_next = 0;
    QTimer m_timer;
    SimStats &m_stats;
    bool m_crash;
    QByteArray m_terminator;
};

} // namespace sim
