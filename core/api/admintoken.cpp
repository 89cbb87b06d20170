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
    if (!fromEnv.isEmpty())
        return fromEnv;
    const QString path = configDir + QStringLiteral("/admin-token");
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly)) {
        const QByteArray token = existing.readAll().trimmed();
        if (token.size() >= 16)
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
