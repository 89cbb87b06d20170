#pragma once
// What changed between two config documents, for PUT /api/v1/config and the feed:
// [{"path": "models[coder].ttlS", "change": "changed", "old": 300, "new": 600}, ...].
// Objects are compared member by member; arrays of objects with an "id" are matched by
// id (so reordering the models list is one "reordered" entry, not a change to each);
// other arrays are compared as whole values.

#include <QJsonArray>
#include <QJsonObject>

namespace sy::config {

QJsonArray diffDocuments(const QJsonObject &before, const QJsonObject &after);

} // namespace sy::config
