#pragma once
// One warning per request Switchyard refuses (bad JSON, unknown path, missing key, a limit),
// so the log's "warnings and errors" show why a client failed. What the client sent is
// quoted only in bounded excerpts, and a flood of refusals is summarised, not logged line
// by line: at most kRefusalLinesPerSecond lines, then one line that counts the rest.

#include <QByteArrayView>
#include <QHostAddress>
#include <QStringView>

namespace sy::http {

inline constexpr int kRefusalLinesPerSecond = 20;

void logRefusal(QByteArrayView requestId, QByteArrayView method, QByteArrayView path, const QHostAddress &peer, int status,
                QStringView reason);

} // namespace sy::http
