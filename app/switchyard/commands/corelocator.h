#pragma once
// Where the Switchyard of this user listens and its admin token, found the way the window
// and the core find them: the config file's server.host and server.port (the default
// config unless --config names another) and the admin-token file beside it. --url,
// $SWITCHYARD_URL and $SWITCHYARD_ADMIN_TOKEN override them.

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace sy::app::commands {

struct LocateOptions {
    QString url;        // --url
    QString configPath; // --config; empty: the default config file
    QString host;       // --host of a Switchyard about to start (empty: the config's)
    int port = -1;      // --port of a Switchyard about to start (< 0: the config's)
    bool urlFromEnvironment = true; // whether $SWITCHYARD_URL counts
};

struct CoreAddress {
    QUrl url;           // http://127.0.0.1:6103; invalid when it cannot be known (see problem)
    QString urlOrigin;  // where the URL came from: "--url", "SWITCHYARD_URL" or the config file
    QByteArray token;   // empty when there is none
    QString tokenOrigin;// "SWITCHYARD_ADMIN_TOKEN" or the token file's path
    QString problem;    // why url is invalid
};

CoreAddress locateCore(const LocateOptions &options);

} // namespace sy::app::commands
