#pragma once
// A /ws feed client for tests: connects with the admin token and collects every message.

#include <QJsonObject>
#include <QList>
#include <QWebSocket>
#include <functional>

namespace sy::test {

struct FeedClient {
    QWebSocket socket;
    QList<QJsonObject> messages;

    FeedClient();
    // Opens ws://127.0.0.1:port/ws with "Authorization: Bearer token" (no header if empty).
    void open(quint16 port, const QByteArray &token);
    bool waitFor(const std::function<bool(const QJsonObject &)> &match, int timeoutMs = 10000);
    // Waits for the first message of a type ("snapshot", "config", ...).
    bool waitForType(const QString &type, int timeoutMs = 10000);
};

} // namespace sy::test
