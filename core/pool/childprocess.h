#pragma once
// A model server process: its own process group (so stopping reaches its helpers too),
// killed by the kernel if Switchyard dies (PR_SET_PDEATHSIG), output kept in a ring.
// Stop = SIGTERM to the group, then SIGKILL after a grace period. When the leader ends,
// whatever is left of its group (a wrapper's children) is stopped too, and the group is
// registered with the GroupReaper, which stops it if Switchyard itself is killed.

#include "util/logring.h"

#include <QObject>
#include <QProcess>
#include <QTimer>
#include <chrono>
#include <map>

namespace sy::pool {

class GroupReaper;

class ChildProcess : public QObject {
    Q_OBJECT
public:
    explicit ChildProcess(QObject *parent = nullptr);
    void setReaper(GroupReaper *reaper) { m_reaper = reaper; }
    // The umask model servers get (Switchyard's own is private); set once at start-up.
    static void setChildUmask(unsigned mask);
    ~ChildProcess() override;

    // argv[0] is the program (looked up in PATH); false with a message if it cannot start.
    // It gets Switchyard's environment without `withheld`, plus `env` (which may set them).
    bool start(const QStringList &argv, const std::map<QString, QString> &env, const QStringList &withheld,
               const QString &workingDir, QString *error);
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
    void onLeaderExited(int code, bool crashed);
    // Stops what is left of the group once the leader is gone; then tells the reaper.
    void clearGroup();

    QProcess m_process;
    LogRing m_logs;
    QTimer m_killTimer;
    QTimer m_groupTimer; // SIGKILL for members that outlive the leader's SIGTERM
    GroupReaper *m_reaper = nullptr;
    qint64 m_pid = 0;
    qint64 m_group = 0; // the group of the last start, until nothing of it runs
    bool m_stopping = false;
};

} // namespace sy::pool
