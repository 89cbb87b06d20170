#pragma once
// Numbers as people read them in a terminal: sizes, spans of time, clock times. The window
// formats for its locale; the command line writes the same English everywhere.

#include <QJsonValue>
#include <QString>

namespace sy::app::commands {

inline const QString kNone = QStringLiteral("-");

QString formatBytes(double bytes);        // "340.2 MiB"; kNone for 0 or less
QString formatSeconds(qint64 seconds);    // "42s", "3m 05s", "2h 14m", "3d 4h"
QString formatClock(qint64 msSinceEpoch); // local "14:03:22" today, else "2026-11-25 14:03"
QString formatMs(double ms);              // "812 ms", "4.2 s"
// A JSON value as a cell: strings as they are, numbers without a trailing ".0", null as kNone.
QString cell(const QJsonValue &value);

} // namespace sy::app::commands
