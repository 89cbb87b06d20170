#include "util/paths.h"

#include <QDir>

namespace sy::paths {
namespace {

QString xdgDir(const char *variable, const char *fallbackUnderHome)
{
    QString base = qEnvironmentVariable(variable);
    if (base.isEmpty() || !QDir::isAbsolutePath(base))
        base = QDir::homePath() + QLatin1Char('/') + QLatin1String(fallbackUnderHome);
    return base + QLatin1String("/switchyard");
}

} // namespace

QString configDir() { return xdgDir("XDG_CONFIG_HOME", ".config"); }
QString stateDir() { return xdgDir("XDG_STATE_HOME", ".local/state"); }
QString dataDir() { return xdgDir("XDG_DATA_HOME", ".local/share"); }

QString defaultConfigFile() { return configDir() + QLatin1String("/config.json"); }
QString defaultLogFile() { return stateDir() + QLatin1String("/switchyard.log"); }

} // namespace sy::paths
