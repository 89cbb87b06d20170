#pragma once

#include <QByteArray>

namespace sy::http {

// The current time as an HTTP date ("Sun, 06 Nov 1994 08:49:37 GMT"), formatted once a second.
QByteArray httpDate();

} // namespace sy::http
