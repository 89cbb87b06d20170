#include "appprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>

namespace sy::test {

AppProcess::AppProcess(const QStringList &args, const QByteArray &defaultConfig)
{
    if (!defaultConfig.isEmpty()) {
        QDir().mkpath(home.filePath(QStringLiteral("config/switchyard")));
        QFile file(home.filePath(QStringLiteral("config/switchyard/config.json")));
        if (file.open(QIODevice::WriteOnly))
            file.write(defaultConfig);
    }
    process.setProcessEnvironment(environment());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(SWITCHYARD_APP_PATH), args);
    process.waitForStarted(5000);
}

AppProcess::~AppProcess()
{
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished(3000);
    }
}

QProcessEnvironment AppProcess::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QString::fromLatin1(v));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_STATE_HOME"), home.filePath(QStringLiteral("state")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    return env;
}

quint16 AppProcess::waitUntilListening()
{
    static const QRegularExpression listening(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10000) {
        process.waitForReadyRead(100);
        output += process.readAll();
        const auto match = listening.match(QString::fromUtf8(output));
        if (match.hasMatch())
            return quint16(match.captured(1).toUInt());
        if (process.state() == QProcess::NotRunning)
            return 0;
    }
    return 0;
}

int AppProcess::finish(int timeoutMs)
{
    process.waitForFinished(timeoutMs);
    output += process.readAll();
    return process.state() == QProcess::NotRunning ? process.exitCode() : -1;
}

QString CommandResult::text() const
{
    return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3").arg(exitCode).arg(QString::fromUtf8(out), QString::fromUtf8(err));
}

CommandResult runCommand(const QStringList &args, const QProcessEnvironment &env, int timeoutMs, const QByteArray &input)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(SWITCHYARD_APP_PATH), args);
    process.write(input);
    process.closeWriteChannel();
    CommandResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(3000);
    } else if (process.exitStatus() == QProcess::NormalExit) {
        result.exitCode = process.exitCode();
    }
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace sy::test
