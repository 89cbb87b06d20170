#pragma once
// The management API's token: $SWITCHYARD_ADMIN_TOKEN if set, else one generated on first
// run and kept in the config dir (mode 0600). Clients send it as "Authorization: Bearer".

#include "http/message.h"

#include <QByteArray>
#include <QString>

namespace sy::api {

// Empty with `error` set when the file cannot be read or written.
QByteArray loadOrCreateAdminToken(const QString &configDir, QString *error);

// Whether the request carries the token (Authorization: Bearer, or ?token= when
// `allowQuery`, for WebSocket clients in browsers that cannot set headers).
bool isAuthorized(const http::RequestHead &head, const QByteArray &token, bool allowQuery = false);

} // namespace sy::api
