#include "pool/childprocess.h"

#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace sy::pool {

ChildProcess::ChildProcess(QObject *parent) : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, &ChildProcess::kill);
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
            [this] { m_logs.append(m_process.readAllStandardOutput()); });
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        m_killTimer.stop();
        m_logs.append(m_process.readAllStandardOutput());
        const bool expected = m_stopping;
        m_stopping = false;
        Q_EMIT exited(code, status == QProcess::CrashExit, expected);
    });
}

ChildProcess::~ChildProcess()
{
    if (isRunning()) {
        signalGroup(SIGKILL);
        m_process.waitForFinished(2000);
    }
}

bool ChildProcess::start(const QStringList &argv, const std::map<QString, QString> &env, const QString &workingDir,
                         QString *error)
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
    for (const auto &[name, value] : env)
        environment.insert(name, value);
    m_process.setProcessEnvironment(environment);
    if (!workingDir.isEmpty())
        m_process.setWorkingDirectory(workingDir);
    const pid_t parent = ::getpid();
    m_process.setChildProcessModifier([parent] {
        // In the child, before exec: a group of its own, and death when we die. The signal
        // fires when the forking *thread* ends, which is the long-lived core thread.
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(1); // we died before prctl took effect
    });
    m_logs.clear();
    m_stopping = false;
    m_process.start(program, argv.mid(1));
    if (!m_process.waitForStarted(5000)) {
        *error = QStringLiteral("cannot start \"%1\": %2").arg(program, m_process.errorString());
        return false;
    }
    m_pid = m_process.processId();
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
    return close > 0 && line.size() > close + 2 && (line[close + 2] == 'Z' || line[close + 2] == 'X');
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
