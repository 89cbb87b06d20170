#include "restclient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace sy::client {

QString RestReply::message() const
{
    const QString server = body.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
    return server.isEmpty() ? errorText : server;
}

QString RestReply::errorCode() const
{
    return body.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString();
}

RestClient::RestClient(QObject *parent) : QObject(parent), m_network(new QNetworkAccessManager(this)) {}

void RestClient::setTarget(const QUrl &base, const QByteArray &token)
{
    m_base = base;
    m_token = token;
}

void RestClient::send(const QByteArray &method, const QString &path, const QByteArray &body, Done done,
                      const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QUrl url = m_base;
    const qsizetype q = path.indexOf(QLatin1Char('?'));
    url.setPath(q < 0 ? path : path.left(q), QUrl::TolerantMode);
    if (q >= 0)
        url.setQuery(path.mid(q + 1));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setTransferTimeout(int(m_timeout.count()));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = m_network->sendCustomRequest(request, method, body);
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        RestReply r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.raw = reply->readAll();
        r.body = QJsonDocument::fromJson(r.raw).object();
        r.etag = reply->rawHeader("ETag");
        if (r.status == 0)
            r.errorText = reply->errorString();
        else if (!r.ok())
            r.errorText = QStringLiteral("HTTP %1").arg(r.status);
        if (done)
            done(r);
    });
}

QString modelPath(const QString &id, const QString &action)
{
    QString path = QStringLiteral("/api/v1/models/") + QString::fromLatin1(QUrl::toPercentEncoding(id));
    if (!action.isEmpty())
        path += QLatin1Char('/') + action;
    return path;
}

} // namespace sy::client
