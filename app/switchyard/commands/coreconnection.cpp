#include "commands/coreconnection.h"

#include <QEventLoop>

namespace sy::app::commands {

CoreConnection::CoreConnection(CoreAddress address) : m_address(std::move(address))
{
    m_client.setTarget(m_address.url, m_address.token);
}

client::RestReply CoreConnection::call(const QByteArray &method, const QString &path, const QByteArray &body)
{
    client::RestReply result;
    QEventLoop loop;
    m_client.send(method, path, body, [&](const client::RestReply &reply) {
        result = reply;
        loop.quit();
    });
    loop.exec();
    return result;
}

Failure CoreConnection::failure(const client::RestReply &reply) const
{
    const QString url = m_address.url.toString(QUrl::RemoveUserInfo); // never a password given in it
    if (reply.status == 0) {
        return {ExitCode::NotRunning,
                QStringLiteral("no Switchyard answers at %1 (%2).\nStart it (switchyard --headless, or systemctl --user start switchyard), "
                               "or point --url or SWITCHYARD_URL at the one that runs.")
                    .arg(url, reply.errorText)};
    }
    if (reply.status == 401) {
        const QString why = m_address.token.isEmpty()
                                ? QStringLiteral("there is no admin token: %1 does not exist").arg(m_address.tokenOrigin)
                                : QStringLiteral("it refused the admin token from %1").arg(m_address.tokenOrigin);
        return {ExitCode::Unauthorized,
                QStringLiteral("the Switchyard at %1 wants its admin token, and %2.\nSet SWITCHYARD_ADMIN_TOKEN to the "
                               "token in the config directory of that Switchyard (file admin-token).")
                    .arg(url, why)};
    }
    if (reply.status == 429 && reply.errorCode() == QLatin1String("too_many_attempts"))
        return {ExitCode::Unauthorized, reply.message()};
    const QString code = reply.errorCode();
    if (code == QLatin1String("model_not_found") || code == QLatin1String("request_not_found"))
        return {ExitCode::NotFound, reply.message()};
    return {ExitCode::Failed, reply.message()};
}

} // namespace sy::app::commands
