#pragma once
// A JSON Schema subset for checking model output (response_format json_schema): type,
// properties, required, additionalProperties, items, enum, const, min/max length and items,
// minimum/maximum, anyOf/oneOf/allOf. Enough for what structured-output schemas use.

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace sy::protocol {

// Empty when `value` satisfies `schema`, else the first problem ("$.title: expected a string").
QString validateJsonSchema(const QJsonValue &value, const QJsonObject &schema, const QString &path = QStringLiteral("$"));

} // namespace sy::protocol
