#include "runninginstance.h"

#include "commands/coreconnection.h"

namespace sy::app {

std::optional<commands::CoreAddress> findRunningInstance(const CoreOptions &options)
{
    if (options.port == 0) // any free port: never where another one listens
        return std::nullopt;
    commands::LocateOptions where;
    where.configPath = options.configPath;
    where.host = options.host;
    where.port = options.port;
    where.urlFromEnvironment = false; // where this one would listen, not where SWITCHYARD_URL points
    commands::CoreConnection connection(commands::locateCore(where));
    // Something else may hold the port and never answer: the window must not wait long for it.
    connection.setTimeout(std::chrono::seconds(2));
    if (!connection.address().problem.isEmpty())
        return std::nullopt;
    const client::RestReply health = connection.get(QStringLiteral("/health"));
    if (!health.ok() || !health.body.value(QLatin1String("version")).isString())
        return std::nullopt;
    return connection.address();
}

QByteArray attachToken(const QString &configPath)
{
    commands::LocateOptions where;
    where.configPath = configPath;
    return commands::locateCore(where).token;
}

} // namespace sy::app
