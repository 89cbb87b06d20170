#pragma once
// A Core on its own thread (as the app runs it), with a config written to a temp dir
// and a free port, for tests.

#include "corehost.h"
#include "http/headers.h"

#include <QTemporaryDir>
#include <memory>

namespace sy::test {

class RunningCore {
public:
    // `port` 0: any free one.
    explicit RunningCore(const QByteArray &configJson, quint16 port = 0);
    ~RunningCore();

    bool ok() const { return m_ok; }
    const QString &error() const { return m_error; }
    quint16 port() const { return quint16(m_host->endpoint().port()); }
    QString configPath() const;
    QByteArray adminToken() const { return m_host->adminToken(); }
    // Authorization header for the management API.
    http::Headers auth() const { return {{"Authorization", "Bearer " + adminToken()}}; }
    void stop() { m_host->stop(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<CoreHost> m_host;
    bool m_ok = false;
    QString m_error;
};

// Points XDG_* at a private temp dir, so a test never touches the user's files.
void isolateUserDirectories();

// A loopback port nothing listens on now (bound and closed again; not reserved), outside the
// kernel's ephemeral range so no bind to port 0 is given it meanwhile.
quint16 unusedPort();

} // namespace sy::test
