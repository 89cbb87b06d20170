#include "runningcore.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTcpServer>

namespace sy::test {

void isolateUserDirectories()
{
    static QTemporaryDir home;
    for (const char *variable : {"XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
        const QString dir = home.filePath(QString::fromLatin1(variable));
        QDir().mkpath(dir);
        qputenv(variable, dir.toUtf8());
    }
}

RunningCore::RunningCore(const QByteArray &configJson, quint16 port)
{
    QFile file(configPath());
    if (!file.open(QIODevice::WriteOnly) || file.write(configJson) != configJson.size()) {
        m_error = QStringLiteral("cannot write %1").arg(configPath());
        return;
    }
    file.close();
    CoreOptions options;
    options.configPath = configPath();
    options.port = port;
    options.noDemo = true; // a test says which models it wants
    m_host = std::make_unique<CoreHost>(options);
    m_ok = m_host->start(&m_error);
}

RunningCore::~RunningCore()
{
    if (m_host)
        m_host->stop();
}

QString RunningCore::configPath() const
{
    return m_dir.filePath(QStringLiteral("config.json"));
}

quint16 unusedPort()
{
    // Not a port the kernel picked for a bind to port 0: it hands the same one out again to
    // the next such bind (a core started with "port": 0 got the pool's only port). Below
    // Linux's default ephemeral range (32768-60999), at random so parallel tests rarely meet.
    for (int attempt = 0; attempt < 200; ++attempt) {
        const auto port = quint16(QRandomGenerator::global()->bounded(20000, 32768));
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, port))
            return port;
    }
    qFatal("unusedPort: no free port in 20000-32767");
}

} // namespace sy::test
