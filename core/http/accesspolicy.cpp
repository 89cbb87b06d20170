#include "http/accesspolicy.h"

namespace sy::http {
namespace {

// Views and case-insensitive comparisons: these run on every request (twice: on its head
// and when it is handled), and the usual answer (a loopback host, a JSON body) needs no copy.
bool isLoopbackName(QByteArrayView host)
{
    constexpr QByteArrayView suffix(".localhost");
    return equalsIgnoreCase(host, "localhost") || host == "127.0.0.1" || host == "::1" || host == "[::1]" ||
           (host.size() > suffix.size() && equalsIgnoreCase(host.last(suffix.size()), suffix));
}

QByteArrayView hostWithoutPort(QByteArrayView hostHeader)
{
    if (hostHeader.startsWith('[')) {
        const qsizetype close = hostHeader.indexOf(']');
        return close < 0 ? hostHeader : hostHeader.first(close + 1);
    }
    const qsizetype colon = hostHeader.lastIndexOf(':');
    return colon < 0 ? hostHeader : hostHeader.first(colon);
}

// The media type of a Content-Type value, without parameters (compare it ignoring case).
QByteArrayView mediaType(QByteArrayView contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed();
}

bool isJsonType(QByteArrayView type)
{
    constexpr QByteArrayView prefix("application/"), suffix("+json");
    return equalsIgnoreCase(type, "application/json") || equalsIgnoreCase(type, "text/json") ||
           (type.size() > prefix.size() + suffix.size() && equalsIgnoreCase(type.first(prefix.size()), prefix) &&
            equalsIgnoreCase(type.last(suffix.size()), suffix));
}

bool hasBody(const RequestHead &head)
{
    return head.chunked || (head.contentLength && *head.contentLength > 0);
}

} // namespace

bool AccessPolicy::isAllowedHost(QByteArrayView hostHeader) const
{
    if (m_settings.listensOnAll && m_settings.allowedHosts.isEmpty())
        return true;
    const QByteArrayView host = hostWithoutPort(hostHeader);
    if (isLoopbackName(host))
        return true;
    // ASCII-only lower case, so that no other letter folds into a listed name (U+212A to k).
    const QString name = QString::fromUtf8(host.toByteArray().toLower());
    if (name == m_settings.listenHost.toLower())
        return true;
    for (const QString &allowed : m_settings.allowedHosts) {
        if (allowed == QLatin1String("*") || name == allowed.toLower())
            return true;
    }
    return false;
}

bool AccessPolicy::isAllowedOrigin(QByteArrayView origin) const
{
    const QString text = QString::fromUtf8(origin).toLower();
    for (const QString &allowed : m_settings.allowedOrigins) {
        if (allowed == QLatin1String("*") || text == allowed.toLower())
            return true;
    }
    return false;
}

std::optional<protocol::ApiError> AccessPolicy::refusal(const RequestHead &head) const
{
    const QByteArrayView host = head.headers.view("host");
    if (host.isEmpty() ? head.version >= 11 : !isAllowedHost(host))
        return protocol::makeError(protocol::ErrorKind::Forbidden,
                                   host.isEmpty() ? QStringLiteral("the Host header is required")
                                                  : QStringLiteral("Host \"%1\" is not allowed (add it to server.allowedHosts)")
                                                        .arg(protocol::excerpt(host)),
                                   "host_not_allowed");
    // Browsers name the page's origin on every cross-origin request (and on every POST);
    // other clients (SDKs, agents, curl) send none.
    if (head.headers.has("origin") && !isAllowedOrigin(head.headers.value("origin")))
        return protocol::makeError(protocol::ErrorKind::Forbidden,
                                   QStringLiteral("requests from web pages of origin \"%1\" are not allowed (add it to server.allowedOrigins)")
                                       .arg(protocol::excerpt(head.headers.value("origin"))),
                                   "origin_not_allowed");
    // A page's image, script or link sends no Origin, but the browser says where it comes
    // from: such a request is a web page's, not a client's (five of them with a wrong token
    // would otherwise lock the operator out of the management API).
    if (const QByteArrayView site = head.headers.view("sec-fetch-site");
        !head.headers.has("origin") && !site.isEmpty() && site != "same-origin" && site != "none")
        return protocol::makeError(protocol::ErrorKind::Forbidden,
                                   QStringLiteral("requests from web pages are not allowed (Sec-Fetch-Site: %1)").arg(protocol::excerpt(site, 40)),
                                   "origin_not_allowed");
    if (hasBody(head) && head.method != "OPTIONS") {
        const QByteArrayView type = mediaType(head.headers.view("content-type"));
        if (!type.isEmpty() && !isJsonType(type))
            return protocol::makeError(protocol::ErrorKind::UnsupportedMediaType,
                                       QStringLiteral("the body must be JSON: send \"Content-Type: application/json\" (got \"%1\")")
                                           .arg(protocol::excerpt(type, 60)),
                                       "unsupported_media_type");
    }
    return std::nullopt;
}

bool AccessPolicy::isPreflight(const RequestHead &head)
{
    return head.method == "OPTIONS" && head.headers.has("origin") && head.headers.has("access-control-request-method");
}

Headers AccessPolicy::corsHeaders(const RequestHead &head) const
{
    Headers out;
    const QByteArray origin = head.headers.value("origin");
    if (origin.isEmpty() || !isAllowedOrigin(origin))
        return out;
    out.add("Access-Control-Allow-Origin", origin);
    out.add("Vary", "Origin");
    if (isPreflight(head)) {
        out.add("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
        const QByteArray asked = head.headers.value("access-control-request-headers");
        out.add("Access-Control-Allow-Headers", asked.isEmpty() ? QByteArray("Content-Type, Authorization") : asked.left(1024));
        out.add("Access-Control-Max-Age", "600");
    } else {
        out.add("Access-Control-Expose-Headers",
                "X-Request-Id, X-Switchyard-Model, X-Switchyard-Backend, X-Switchyard-Route, X-Switchyard-Attempts, X-Switchyard-Trace");
    }
    return out;
}

} // namespace sy::http
