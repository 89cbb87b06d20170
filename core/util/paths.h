#pragma once
// XDG locations of Switchyard's files. Each honours the XDG_* variable, so tests
// and packagers can redirect them.

#include <QString>

namespace sy::paths {

QString configDir(); // $XDG_CONFIG_HOME/switchyard: config.json, admin token
QString stateDir();  // $XDG_STATE_HOME/switchyard: logs
QString dataDir();   // $XDG_DATA_HOME/switchyard: history database

QString defaultConfigFile();
QString defaultLogFile();

} // namespace sy::paths
