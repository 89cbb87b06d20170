#pragma once
// The names a routing list may hold, from the working config: model ids, aliases, balance
// names and modelMapping keys (a prefixed name can still be typed).

#include <QJsonObject>
#include <QStringList>

namespace sy::ui {

QStringList routableNames(const QJsonObject &config);
// A JSON array of strings as a list (anything else: empty).
QStringList toStringList(const QJsonValue &array);

} // namespace sy::ui
