#include "api/admintoken.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSaveFile>
#include <algorithm>

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

// What is wrong with a token someone set (the environment, or an edited file), or empty.
QString tokenProblem(const QByteArray &token, const QString &where)
{
    if (token.size() < kMinAdminTokenLength)
        return QStringLiteral("%1 is %2 characters long; an admin token needs at least %3 (e.g. openssl rand -hex 32)")
            .arg(where)
            .arg(token.size())
            .arg(kMinAdminTokenLength);
    if (std::any_of(token.begin(), token.end(), [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; }))
        return QStringLiteral("%1 holds spaces or control characters, which an Authorization header cannot carry").arg(where);
    return {};
}

} // namespace

QByteArray loadOrCreateAdminToken(const QString &configDir, QString *error)
{
    const QByteArray fromEnv = qgetenv("SWITCHYARD_ADMIN_TOKEN").trimmed();
    if (!fromEnv.isEmpty()) {
        *error = tokenProblem(fromEnv, QStringLiteral("SWITCHYARD_ADMIN_TOKEN"));
        return error->isEmpty() ? fromEnv : QByteArray();
    }
    const QString path = configDir + QStringLiteral("/admin-token");
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly)) {
        // A token someone wrote there is theirs: refused with the reason, never replaced
        // behind their back (their clients would all get 401). Empty is as if there were none.
        const QByteArray token = existing.readAll().trimmed();
        if (!token.isEmpty()) {
            *error = tokenProblem(token, QStringLiteral("the admin token in %1").arg(path));
            if (!error->isEmpty())
                *error += QStringLiteral(" (delete the file to have a new one made)");
            return error->isEmpty() ? token : QByteArray();
        }
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
