#include "protocol/jsonschema.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cmath>

namespace sy::protocol {
namespace {

bool hasType(const QJsonValue &v, const QString &type)
{
    if (type == QLatin1String("object")) return v.isObject();
    if (type == QLatin1String("array")) return v.isArray();
    if (type == QLatin1String("string")) return v.isString();
    if (type == QLatin1String("number")) return v.isDouble();
    if (type == QLatin1String("integer")) return v.isDouble() && std::trunc(v.toDouble()) == v.toDouble(); // no cast: 1e300 is an integer too
    if (type == QLatin1String("boolean")) return v.isBool();
    if (type == QLatin1String("null")) return v.isNull();
    return true; // unknown type names do not constrain
}

} // namespace

QString validateJsonSchema(const QJsonValue &value, const QJsonObject &schema, const QString &path)
{
    const QJsonValue type = schema.value(QLatin1String("type"));
    if (type.isString() && !hasType(value, type.toString()))
        return QStringLiteral("%1: expected %2").arg(path, type.toString());
    if (type.isArray()) {
        bool any = false;
        for (const QJsonValue &t : type.toArray())
            any = any || hasType(value, t.toString());
        if (!any)
            return QStringLiteral("%1: expected one of %2").arg(path, QString::fromUtf8(QJsonDocument(type.toArray()).toJson(QJsonDocument::Compact)));
    }
    if (schema.contains(QLatin1String("const")) && value != schema.value(QLatin1String("const")))
        return QStringLiteral("%1: must equal the constant in the schema").arg(path);
    if (const QJsonArray choices = schema.value(QLatin1String("enum")).toArray(); !choices.isEmpty() && !choices.contains(value))
        return QStringLiteral("%1: not one of the allowed values").arg(path);
    if (value.isString()) {
        const qsizetype n = value.toString().size();
        if (schema.contains(QLatin1String("minLength")) && n < schema.value(QLatin1String("minLength")).toInt())
            return QStringLiteral("%1: shorter than %2").arg(path).arg(schema.value(QLatin1String("minLength")).toInt());
        if (schema.contains(QLatin1String("maxLength")) && n > schema.value(QLatin1String("maxLength")).toInt())
            return QStringLiteral("%1: longer than %2").arg(path).arg(schema.value(QLatin1String("maxLength")).toInt());
    }
    if (value.isDouble()) {
        if (schema.contains(QLatin1String("minimum")) && value.toDouble() < schema.value(QLatin1String("minimum")).toDouble())
            return QStringLiteral("%1: below the minimum").arg(path);
        if (schema.contains(QLatin1String("maximum")) && value.toDouble() > schema.value(QLatin1String("maximum")).toDouble())
            return QStringLiteral("%1: above the maximum").arg(path);
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (const QJsonValue &name : schema.value(QLatin1String("required")).toArray()) {
            if (!object.contains(name.toString()))
                return QStringLiteral("%1: missing required field \"%2\"").arg(path, name.toString());
        }
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (properties.contains(it.key())) {
                const QString error = validateJsonSchema(it.value(), properties.value(it.key()).toObject(), path + QLatin1Char('.') + it.key());
                if (!error.isEmpty())
                    return error;
            } else if (schema.value(QLatin1String("additionalProperties")) == QJsonValue(false)) {
                return QStringLiteral("%1: unexpected field \"%2\"").arg(path, it.key());
            }
        }
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (schema.contains(QLatin1String("minItems")) && array.size() < schema.value(QLatin1String("minItems")).toInt())
            return QStringLiteral("%1: fewer than %2 items").arg(path).arg(schema.value(QLatin1String("minItems")).toInt());
        if (schema.contains(QLatin1String("maxItems")) && array.size() > schema.value(QLatin1String("maxItems")).toInt())
            return QStringLiteral("%1: more than %2 items").arg(path).arg(schema.value(QLatin1String("maxItems")).toInt());
        const QJsonObject items = schema.value(QLatin1String("items")).toObject();
        if (!items.isEmpty()) {
            for (qsizetype i = 0; i < array.size(); ++i) {
                const QString error = validateJsonSchema(array[i], items, QStringLiteral("%1[%2]").arg(path).arg(i));
                if (!error.isEmpty())
                    return error;
            }
        }
    }
    for (const QJsonValue &sub : schema.value(QLatin1String("allOf")).toArray()) {
        const QString error = validateJsonSchema(value, sub.toObject(), path);
        if (!error.isEmpty())
            return error;
    }
    for (const char *key : {"anyOf", "oneOf"}) {
        const QJsonArray options = schema.value(QLatin1String(key)).toArray();
        if (options.isEmpty())
            continue;
        int matches = 0;
        for (const QJsonValue &sub : options)
            matches += validateJsonSchema(value, sub.toObject(), path).isEmpty() ? 1 : 0;
        if (matches == 0 || (QLatin1String(key) == QLatin1String("oneOf") && matches > 1))
            return QStringLiteral("%1: matches %2 of the %3 alternatives").arg(path).arg(matches).arg(QLatin1String(key));
    }
    return {};
}

} // namespace sy::protocol
