#include "simprocess.h"

#include "testhttpclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QRegularExpression>
#include <QThread>

namespace sy::test {

QString SimProcess::binaryPath()
{
    return QStringLiteral(SWITCHYARD_SIM_PATH);
}

SimProcess::SimProcess(const QStringList &args)
{
    // Output goes to a file: a pipe nobody drains would stall the sim.
    m_process.setStandardOutputFile(m_dir.filePath(QStringLiteral("out.log")));
    m_process.setStandardErrorFile(m_dir.filePath(QStringLiteral("out.log")), QIODevice::Append);
    m_process.start(binaryPath(), QStringList{QStringLiteral("--port"), QStringLiteral("0")} + args);
    if (!m_process.waitForStarted(5000))
        return;
    static const QRegularExpression listening(QStringLiteral("listening on http://[^:]+:(\\d+)"));
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10000 && m_process.state() == QProcess::Running) {
        const auto match = listening.match(output());
        if (match.hasMatch()) {
            m_port = quint16(match.captured(1).toUInt());
            return;
        }
        QThread::msleep(5);
    }
}

SimProcess::~SimProcess()
{
    kill();
}

void SimProcess::kill()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(3000);
    }
}

QByteArray SimProcess::baseUrl() const
{
    return "http://127.0.0.1:" + QByteArray::number(m_port) + "/v1";
}

QString SimProcess::output() const
{
    QFile file(m_dir.filePath(QStringLiteral("out.log")));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QJsonObject SimProcess::stats() const
{
    TestHttpClient client(m_port);
    return client.get("/sim/stats").json();
}

QJsonObject SimProcess::lastRequest() const
{
    TestHttpClient client(m_port);
    return client.get("/sim/last-request").json();
}

} // namespace sy::test
