#include "procscan.h"

#include <QDir>
#include <QFile>

namespace sy::test {

QList<qint64> findProcesses(const QStringList &needles)
{
    QList<qint64> found;
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile file(QStringLiteral("/proc/%1/cmdline").arg(entry));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QString cmdline = QString::fromUtf8(file.readAll().replace('\0', ' '));
        if (std::all_of(needles.begin(), needles.end(), [&](const QString &n) { return cmdline.contains(n); }))
            found << pid;
    }
    return found;
}

bool processExists(qint64 pid)
{
    // A zombie still has a /proc entry; its state is Z.
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray stat = file.readAll();
    const qsizetype close = stat.lastIndexOf(')');
    return close > 0 && stat.size() > close + 2 && stat[close + 2] != 'Z';
}

} // namespace sy::test
