#include "feedclient.h"

#include <QJsonDocument>
#include <QNetworkRequest>
#include <QtTest>

namespace sy::test {

FeedClient::FeedClient()
{
    QObject::connect(&socket, &QWebSocket::textMessageReceived,
                     [this](const QString &text) { messages << QJsonDocument::fromJson(text.toUtf8()).object(); });
}

void FeedClient::open(quint16 port, const QByteArray &token)
{
    QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port)));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    socket.open(request);
}

bool FeedClient::waitFor(const std::function<bool(const QJsonObject &)> &match, int timeoutMs)
{
    return QTest::qWaitFor([&] { return std::any_of(messages.begin(), messages.end(), match); }, timeoutMs);
}

bool FeedClient::waitForType(const QString &type, int timeoutMs)
{
    return waitFor([&type](const QJsonObject &m) { return m.value(QLatin1String("type")).toString() == type; }, timeoutMs);
}

} // namespace sy::test
