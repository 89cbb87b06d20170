#pragma once
// Makes sure model servers die with Switchyard, even when Switchyard is killed with
// SIGKILL and a server was started through a wrapper (sh -c ...) whose children do not get
// the parent-death signal. A small /bin/sh watcher, in its own session (so a terminal's
// Ctrl-C does not stop it first), reads the process groups of the running servers from a
// pipe; when the pipe closes (Switchyard is gone, however it went), it sends SIGTERM to
// every group still listed, and SIGKILL two seconds later.

#include <QByteArray>
#include <sys/types.h>

namespace sy::pool {

class GroupReaper {
public:
    GroupReaper() = default;
    ~GroupReaper(); // closes the pipe: the watcher stops what is left and exits
    GroupReaper(const GroupReaper &) = delete;
    GroupReaper &operator=(const GroupReaper &) = delete;

    // A model server's process group started / is gone. The watcher starts with the first.
    void groupStarted(pid_t group);
    void groupEnded(pid_t group);
    pid_t watcherPid() const { return m_watcher; }

private:
    bool ensureWatcher();
    void send(const QByteArray &line);

    int m_pipe = -1; // write end; close-on-exec, so no model server holds it open
    pid_t m_watcher = 0;
};

} // namespace sy::pool
