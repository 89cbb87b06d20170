#pragma once
// Requests to a Switchyard's HTTP API with its admin token (Authorization: Bearer), answered
// asynchronously as a RestReply. The window's CoreLink and the command line both send through it.

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>
#include <chrono>
#include <functional>

class QNetworkAccessManager;

namespace sy::client {

struct RestReply {
    int status = 0;        // 0: no HTTP answer (connection failed)
    QJsonObject body;      // the JSON answer (or {"error": {...}})
    QByteArray raw;
    QByteArray etag;
    QString errorText;     // a readable reason when it failed

    bool ok() const { return status >= 200 && status < 300; }
    // The server's error message, or errorText.
    QString message() const;
    // The server's error code ("model_not_found"), or empty.
    QString errorCode() const;
};

class RestClient : public QObject {
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kDefaultTimeout{15000};

    explicit RestClient(QObject *parent = nullptr);

    // `base` like http://127.0.0.1:6103; requests go to paths below it.
    void setTarget(const QUrl &base, const QByteArray &token);
    QUrl base() const { return m_base; }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    using Done = std::function<void(const RestReply &)>;
    // `path` may carry a query ("/api/v1/requests?limit=5").
    void send(const QByteArray &method, const QString &path, const QByteArray &body, Done done,
              const QList<QPair<QByteArray, QByteArray>> &headers = {});
    void get(const QString &path, Done done) { send("GET", path, {}, std::move(done)); }

private:
    QNetworkAccessManager *m_network;
    QUrl m_base;
    QByteArray m_token;
    std::chrono::milliseconds m_timeout = kDefaultTimeout;
};

// A model id as one path segment (ids such as "local/llama3.1:8b" hold '/' and ':').
QString modelPath(const QString &id, const QString &action = {});

} // namespace sy::client
