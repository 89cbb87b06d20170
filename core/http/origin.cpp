#include "http/origin.h"

namespace sy::http {

std::optional<Origin> Origin::fromUrl(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
        return std::nullopt;
    Origin origin;
    origin.tls = scheme == QLatin1String("https");
    origin.host = url.host(QUrl::FullyEncoded).toLatin1();
    origin.port = quint16(url.port(origin.tls ? 443 : 80));
    origin.cachedKey = origin.key();
    origin.cachedHostHeader = origin.hostHeader();
    return origin;
}

QByteArray Origin::key() const
{
    if (!cachedKey.isEmpty())
        return cachedKey;
    QByteArray key = tls ? "https://" : "http://";
    const bool ipv6 = host.contains(':');
    key += ipv6 ? '[' + host + ']' : host;
    key += ':' + QByteArray::number(port);
    return key;
}

QByteArray Origin::hostHeader() const
{
    if (!cachedHostHeader.isEmpty())
        return cachedHostHeader;
    const QByteArray h = host.contains(':') ? '[' + host + ']' : host;
    if ((tls && port == 443) || (!tls && port == 80))
        return h;
    return h + ':' + QByteArray::number(port);
}

QString redactedUrl(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

} // namespace sy::http
