#include "commands/corelocator.h"

#include "store/config.h"
#include "util/paths.h"

#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>

namespace sy::app::commands {
namespace {

// server.host and server.port as the core reads them (defaults where absent). Only these
// two keys: a config edited into something invalid after the start still says where the
// running Switchyard listens.
config::ServerConfig serverSection(const QString &configPath)
{
    config::ServerConfig server;
    QFile file(configPath);
    if (!file.open(QIODevice::ReadOnly))
        return server;
    const QJsonObject section = QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("server")).toObject();
    if (section.value(QLatin1String("host")).isString())
        server.host = section.value(QLatin1String("host")).toString();
    if (section.value(QLatin1String("port")).isDouble())
        server.port = section.value(QLatin1String("port")).toInt();
    return server;
}

// The address a client connects to for a listening address: loopback for "all addresses".
QString connectableHost(const QString &host)
{
    if (host == QLatin1String("localhost"))
        return QStringLiteral("127.0.0.1");
    const QHostAddress address(host);
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6)
        return QStringLiteral("127.0.0.1");
    return host;
}

void locateUrl(const LocateOptions &options, const QString &configPath, CoreAddress &out)
{
    QString given = options.url;
    out.urlOrigin = QStringLiteral("--url");
    if (given.isEmpty() && options.urlFromEnvironment) {
        given = qEnvironmentVariable("SWITCHYARD_URL");
        out.urlOrigin = QStringLiteral("SWITCHYARD_URL");
    }
    if (!given.isEmpty()) {
        out.url = QUrl(given.trimmed(), QUrl::StrictMode); // a bad port is an error, not port 80
        out.url.setPath({});
        if (!out.url.isValid() || out.url.host().isEmpty() ||
            (out.url.scheme() != QLatin1String("http") && out.url.scheme() != QLatin1String("https")))
            out.problem = QStringLiteral("%1 \"%2\" is not an http:// or https:// URL")
                              .arg(out.urlOrigin, given.contains(QLatin1Char('@')) ? QStringLiteral("...") : given); // never a password
        return;
    }
    config::ServerConfig server = serverSection(configPath);
    if (!options.host.isEmpty())
        server.host = options.host;
    if (options.port >= 0)
        server.port = options.port;
    out.urlOrigin = configPath;
    if (server.port == 0) {
        out.problem = QStringLiteral("%1 asks for any free port (server.port 0), so the port is not known: pass --url").arg(configPath);
        return;
    }
    out.url.setScheme(QStringLiteral("http"));
    out.url.setHost(connectableHost(server.host));
    out.url.setPort(server.port);
}

void locateToken(const QString &configPath, CoreAddress &out)
{
    const QByteArray fromEnv = qgetenv("SWITCHYARD_ADMIN_TOKEN").trimmed();
    if (!fromEnv.isEmpty()) {
        out.token = fromEnv;
        out.tokenOrigin = QStringLiteral("SWITCHYARD_ADMIN_TOKEN");
        return;
    }
    // Beside the config file, where the core keeps it (api/admintoken.cpp).
    out.tokenOrigin = QFileInfo(configPath).absolutePath() + QStringLiteral("/admin-token");
    QFile file(out.tokenOrigin);
    if (file.open(QIODevice::ReadOnly))
        out.token = file.readAll().trimmed();
}

} // namespace

CoreAddress locateCore(const LocateOptions &options)
{
    const QString configPath = options.configPath.isEmpty() ? paths::defaultConfigFile() : options.configPath;
    CoreAddress out;
    locateUrl(options, configPath, out);
    locateToken(configPath, out);
    return out;
}

} // namespace sy::app::commands
