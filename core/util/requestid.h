#pragma once

#include <QByteArray>
#include <optional>

namespace sy {

// "req_" + the time `nowUs` names in milliseconds (11 hex digits) + 12 random hex digits:
// unique within the process, unlikely to repeat across runs, and in time order. The history
// finds a request by the time in its id (requestIdMs) instead of keeping an index of ids.
QByteArray newRequestId(qint64 nowUs);
// The milliseconds an id of newRequestId's form names; nullopt for any other form.
std::optional<qint64> requestIdMs(QByteArrayView id);
// A client-supplied X-Request-Id worth keeping: short, printable, no separators.
bool isAcceptableRequestId(QByteArrayView id);

} // namespace sy
