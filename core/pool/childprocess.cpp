#include "pool/childprocess.h"

#include "pool/groupreaper.h"

#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <csignal>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sy::pool {
namespace {

mode_t g_childUmask = 022;

bool groupAlive(qint64 group)
{
    return group > 0 && ::kill(pid_t(-group), 0) == 0;
}

} // namespace

void ChildProcess::setChildUmask(unsigned mask)
{
    g_childUmask = mode_t(mask);
}

ChildProcess::ChildProcess(QObject *parent) : QObject(parent)
{
    m_groupTimer.setSingleShot(true);
    connect(&m_groupTimer, &QTimer::timeout, this, [this] {
        if (groupAlive(m_group))
            ::kill(pid_t(-m_group), SIGKILL);
        clearGroup();
    });
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, &ChildProcess::kill);
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
            [this] { m_logs.append(m_process.readAllStandardOutput()); });
    connect(&m_process, &QProcess::finished, this,
            [this](int code, QProcess::ExitStatus status) { onLeaderExited(code, status == QProcess::CrashExit); });
}

void ChildProcess::onLeaderExited(int code, bool crashed)
{
    m_killTimer.stop();
    m_logs.append(m_process.readAllStandardOutput());
    const bool expected = m_stopping;
    m_stopping = false;
    // A wrapper's children live on in the group: they hold the port and the memory.
    if (groupAlive(m_group)) {
        ::kill(pid_t(-m_group), SIGTERM);
        m_groupTimer.start(std::chrono::seconds(2));
    } else {
        clearGroup();
    }
    Q_EMIT exited(code, crashed, expected);
}

void ChildProcess::clearGroup()
{
    if (m_reaper && m_group > 0)
        m_reaper->groupEnded(pid_t(m_group));
    m_group = 0;
}

ChildProcess::~ChildProcess()
{
    // No exited() from here: the owner is being destroyed (its members first), and a slot
    // of it run now would use what is already gone (a crash on shutdown while a model loads).
    m_process.disconnect(this);
    if (isRunning()) {
        signalGroup(SIGKILL);
        m_process.waitForFinished(2000);
    }
    if (groupAlive(m_group))
        ::kill(pid_t(-m_group), SIGKILL);
    clearGroup();
}

bool ChildProcess::start(const QStringList &argv, const std::map<QString, QString> &env, const QStringList &withheld,
                         const QString &workingDir, QString *error)
{
    if (argv.isEmpty()) {
        *error = QStringLiteral("empty command");
        return false;
    }
    QString program = argv.first();
    if (!program.contains(QLatin1Char('/'))) {
        const QString found = QStandardPaths::findExecutable(program);
        if (found.isEmpty()) {
            *error = QStringLiteral("\"%1\" was not found in PATH").arg(program);
            return false;
        }
        program = found;
    } else if (!QFileInfo(program).isExecutable()) {
        *error = QStringLiteral("\"%1\" is not an executable file").arg(program);
        return false;
    }
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : withheld)
        environment.remove(name);
    for (const auto &[name, value] : env)
        environment.insert(name, value);
    m_process.setProcessEnvironment(environment);
    if (!workingDir.isEmpty())
        m_process.setWorkingDirectory(workingDir);
    const pid_t parent = ::getpid();
    const mode_t childUmask = g_childUmask;
    m_process.setChildProcessModifier([parent, childUmask] {
        // In the child, before exec: a group of its own, and death when we die. The signal
        // fires when the forking *thread* ends, which is the long-lived core thread.
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        ::umask(childUmask);
        if (::getppid() != parent)
            ::_exit(1); // we died before prctl took effect
    });
    m_stopping = false;
    m_process.start(program, argv.mid(1));
    if (!m_process.waitForStarted(5000)) {
        *error = QStringLiteral("cannot start \"%1\": %2").arg(program, m_process.errorString());
        m_logs.beginRun(*error);
        return false;
    }
    m_pid = m_process.processId();
    // The earlier runs' output stays readable above this line (they explain a restart).
    m_logs.beginRun(QStringLiteral("%1 started, pid %2").arg(program).arg(m_pid));
    if (groupAlive(m_group)) // the previous run's leftovers, if its timer has not got them yet
        ::kill(pid_t(-m_group), SIGKILL);
    clearGroup();
    m_group = m_pid;
    if (m_reaper)
        m_reaper->groupStarted(pid_t(m_group));
    return true;
}

bool ChildProcess::hasDied() const
{
    if (m_pid <= 0 || !isRunning())
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(m_pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    if (close <= 0 || line.size() <= close + 2)
        return false;
    const QList<QByteArray> fields = line.mid(close + 2).split(' '); // state ppid pgrp session tty tpgid flags ...
    if (fields[0] == "Z" || fields[0] == "X")
        return true;
    // Exiting but not yet a zombie: its sockets are already closed (a connection is refused)
    // while the state still reads R or D. The kernel marks it PF_EXITING first.
    constexpr qulonglong kPfExiting = 0x4;
    return fields.size() > 6 && (fields[6].toULongLong() & kPfExiting) != 0;
}

void ChildProcess::signalGroup(int signal)
{
    if (m_pid > 0 && ::kill(pid_t(-m_pid), signal) != 0)
        ::kill(pid_t(m_pid), signal); // not a group leader (yet): the process alone
}

void ChildProcess::stop(std::chrono::milliseconds grace)
{
    if (!isRunning())
        return;
    m_stopping = true;
    signalGroup(SIGTERM);
    m_killTimer.start(grace);
}

void ChildProcess::kill()
{
    if (!isRunning())
        return;
    m_stopping = true;
    signalGroup(SIGKILL);
}

} // namespace sy::pool
