#pragma once
// A model server process: its own process group (so stopping reaches its helpers too),
// killed by the kernel if Switchyard dies (PR_SET_PDEATHSIG), output kept in a ring.
// Stop = SIGTERM to the group, then SIGKILL after a grace period.

#include "util/logring.h"

#include <QObject>
#include <QProcess>
#include <QTimer>
#include <chrono>
#include <map>

namespace sy::pool {

class ChildProcess : public QObject {
    Q_OBJECT
public:
    explicit ChildProcess(QObject *parent = nullptr);
    ~ChildProcess() override;

    // argv[0] is the program (looked up in PATH); false with a message if it cannot start.
    bool start(const QStringList &argv, const std::map<QString, QString> &env, const QString &workingDir,
               QString *error);
    void stop(std::chrono::milliseconds grace);
    void kill();

    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    // Whether it died already, before Qt noticed (a zombie, or gone): checked in /proc.
    bool hasDied() const;
    qint64 pid() const { return m_pid; }
    const LogRing &logs() const { return m_logs; }
    LogRing &logs() { return m_logs; }

Q_SIGNALS:
    // The process ended; `expected` when stop()/kill() asked for it.
    void exited(int exitCode, bool crashed, bool expected);

private:
    void signalGroup(int signal);

    QProcess m_process;
    LogRing m_logs;
    QTimer m_killTimer;
    qint64 m_pid = 0;
    bool m_stopping = false;
};

} // namespace sy::pool
