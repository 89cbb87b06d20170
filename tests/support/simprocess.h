#pragma once
// A switchyard-sim child process on a free port, for tests.

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

namespace sy::test {

class SimProcess {
public:
    // Starts `switchyard-sim --port 0 <args>` and waits until it listens.
    explicit SimProcess(const QStringList &args = {});
    ~SimProcess();

    bool isRunning() const { return m_port != 0 && m_process.state() == QProcess::Running; }
    quint16 port() const { return m_port; }
    QByteArray baseUrl() const; // "http://127.0.0.1:PORT/v1"
    qint64 pid() const { return m_process.processId(); }
    QString output() const;     // what it printed so far
    QJsonObject stats() const;  // GET /sim/stats
    QJsonObject lastRequest() const;
    void kill();

    static QString binaryPath();

private:
    QProcess m_process;
    QTemporaryDir m_dir;
    quint16 m_port = 0;
};

} // namespace sy::test
