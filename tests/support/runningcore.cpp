#include "runningcore.h"

#include <QDir>
#include <QFile>
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
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace sy::test
