#pragma once
// JSON with a key twice in one object is valid to most parsers, which keep one of the two
// (QJsonDocument the last): a document read by people (a config) would then mean something
// other than what its reader sees first.

#include <QByteArray>
#include <QString>

namespace sy::protocol {

// The path of the first key that an object of `json` holds twice ("server.port",
// "models[3].id"), or empty when there is none or `json` is not valid JSON.
QString duplicateKeyPath(const QByteArray &json);

} // namespace sy::protocol
