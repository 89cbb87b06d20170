#include "api/admintoken.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSaveFile>

namespace sy::api {
namespace {

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace

QByteArray loadOrCreateAdminToken(const QString &configDir, QString *error)
{
    const QByteArray fromEnv = qgetenv("SWITCHYARD_ADMIN_TOKEN").trimmed();
    if (!fromEnv.isEmpty()) {
        if (fromEnv.size() < kMinAdminTokenLength) {
            *error = QStringLiteral("SWITCHYARD_ADMIN_TOKEN is %1 characters long; an admin token needs at least %2 (e.g. openssl rand -hex 32)")
                         .arg(fromEnv.size())
                         .arg(kMinAdminTokenLength);
            return {};
        }
        return fromEnv;
    }
    const QString path = configDir + QStringLiteral("/admin-token");
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly)) {
        const QByteArray token = existing.readAll().trimmed();
        if (token.size() >= kMinAdminTokenLength)
            return token;
    }
    QByteArray random(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()), random.size() / 4);
    const QByteArray token = random.toHex();
    QDir().mkpath(configDir);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(token + '\n') < 0 ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) || !file.commit()) {
        *error = QStringLiteral("cannot write the admin token %1: %2").arg(path, file.errorString());
        return {};
    }
    return token;
}

bool TokenGuard::isLockedOut(const QHostAddress &client, qint64 nowMs) const
{
    const auto it = m_failures.constFind(client);
    return it != m_failures.constEnd() && it->lockedUntilMs > nowMs;
}

qint64 TokenGuard::retryAfterS(const QHostAddress &client, qint64 nowMs) const
{
    const auto it = m_failures.constFind(client);
    return it == m_failures.constEnd() ? 0 : std::max<qint64>(1, (it->lockedUntilMs - nowMs + 999) / 1000);
}

void TokenGuard::recordFailure(const QHostAddress &client, qint64 nowMs)
{
    if (m_failures.size() > 10'000) // bounded: forget the oldest state rather than grow
        m_failures.clear();
    Failures &f = m_failures[client];
    if (nowMs - f.windowStartMs > kWindowMs) {
        f.windowStartMs = nowMs;
        f.count = 0;
    }
    if (++f.count >= kAllowedFailures) {
        // Each lockout in a row is twice as long, up to 15 minutes.
        f.lockouts = std::min(f.lockouts + 1, 10);
        f.lockedUntilMs = nowMs + std::min<qint64>(kLockoutMs << (f.lockouts - 1), 15 * 60 * 1000);
        f.count = 0;
        f.windowStartMs = nowMs;
    }
}

void TokenGuard::recordSuccess(const QHostAddress &client)
{
    m_failures.remove(client);
}

bool isAuthorized(const http::RequestHead &head, const QByteArray &token, bool allowQuery)
{
    if (token.isEmpty())
        return false;
    const QByteArray header = head.headers.value("authorization");
    if (header.size() > 7 && header.first(7).compare("bearer ", Qt::CaseInsensitive) == 0 &&
        constantTimeEquals(QByteArrayView(header).sliced(7).trimmed(), token))
        return true;
    return allowQuery && constantTimeEquals(head.queryValue("token"), token);
}

} // namespace sy::api
