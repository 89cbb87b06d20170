#pragma once
// Finding processes by their command line, for tests that check what runs (or no longer does).

#include <QList>
#include <QString>

namespace sy::test {

// PIDs whose command line contains every one of `needles`.
QList<qint64> findProcesses(const QStringList &needles);
bool processExists(qint64 pid);

} // namespace sy::test
