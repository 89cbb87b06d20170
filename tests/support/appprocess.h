#pragma once
// The switchyard executable as a user runs it, as a child process in a private XDG home
// without a display; and its commands (`switchyard ps`, ...) run to completion.

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

namespace sy::test {

class AppProcess {
public:
    // Starts `switchyard ARGS` with XDG_CONFIG_HOME, XDG_STATE_HOME and XDG_DATA_HOME in
    // `home`; `defaultConfig`, when given, is written first as the user's default config.
    explicit AppProcess(const QStringList &args, const QByteArray &defaultConfig = {});
    ~AppProcess();

    // Waits for the "listening on" line; returns the port, or 0.
    quint16 waitUntilListening();
    // Waits for the exit; answers the exit status, or -1 if it still runs.
    int finish(int timeoutMs = 10000);
    // The environment a command gets to find this Switchyard the way a user's shell would.
    QProcessEnvironment environment() const;

    QTemporaryDir home;
    QProcess process;
    QByteArray output;
};

struct CommandResult {
    int exitCode = -1; // -1: it did not finish in time
    QByteArray out;
    QByteArray err;
    QString text() const; // both, for failure messages
};

// Runs `switchyard ARGS` in `env` until it exits.
// `input` is written to its standard input, which is then closed.
CommandResult runCommand(const QStringList &args, const QProcessEnvironment &env, int timeoutMs = 30000, const QByteArray &input = {});

} // namespace sy::test
