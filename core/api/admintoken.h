#pragma once
// The management API's token: $SWITCHYARD_ADMIN_TOKEN if set, else one generated on first
// run and kept in the config dir (mode 0600). Clients send it as "Authorization: Bearer".

#include "http/message.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QString>

namespace sy::api {

inline constexpr int kMinAdminTokenLength = 16;

// Empty with `error` set when the file cannot be read or written, or the token from the
// environment is too short to be a secret.
QByteArray loadOrCreateAdminToken(const QString &configDir, QString *error);

// Whether the request carries the token (Authorization: Bearer, or ?token= when
// `allowQuery`, for WebSocket clients in browsers that cannot set headers).
bool isAuthorized(const http::RequestHead &head, const QByteArray &token, bool allowQuery = false);

// Slows down guessing: a client that sends a wrong admin token kAllowedFailures times
// within a minute is refused (429) for a while, longer each time it goes on.
class TokenGuard {
public:
    static constexpr int kAllowedFailures = 5;
    static constexpr qint64 kWindowMs = 60'000;
    static constexpr qint64 kLockoutMs = 30'000;

    bool isLockedOut(const QHostAddress &client, qint64 nowMs) const;
    qint64 retryAfterS(const QHostAddress &client, qint64 nowMs) const;
    void recordFailure(const QHostAddress &client, qint64 nowMs);
    void recordSuccess(const QHostAddress &client);

private:
    struct Failures {
        qint64 windowStartMs = 0;
        int count = 0;
        int lockouts = 0;
        qint64 lockedUntilMs = 0;
    };
    QHash<QHostAddress, Failures> m_failures;
};

} // namespace sy::api
