#pragma once
// Where an upstream lives: scheme, host and port (the key of a connection pool).

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <optional>

namespace sy::http {

struct Origin {
    bool tls = false;
    QByteArray host;
    quint16 port = 0;

    // http(s) URLs only; the port defaults to 80/443.
    static std::optional<Origin> fromUrl(const QUrl &url);

    QByteArray key() const;        // "http://127.0.0.1:8051" (computed once by fromUrl)
    QByteArray hostHeader() const; // host, plus the port when it is not the default (cached by fromUrl)
    QString display() const { return QString::fromLatin1(key()); }
    bool operator==(const Origin &other) const { return tls == other.tls && host == other.host && port == other.port; }

    QByteArray cachedKey;
    QByteArray cachedHostHeader;
};

// A URL safe to show: no user info, no query (either may hold a key).
QString redactedUrl(const QUrl &url);

} // namespace sy::http
