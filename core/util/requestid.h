#pragma once

#include <QByteArray>

namespace sy {

// "req_" + 16 hex digits, unique within the process and unlikely to repeat across runs.
QByteArray newRequestId();
// A client-supplied X-Request-Id worth keeping: short, printable, no separators.
bool isAcceptableRequestId(QByteArrayView id);

} // namespace sy
