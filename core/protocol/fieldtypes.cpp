#include "protocol/fieldtypes.h"

#include <QStringList>

namespace sy::protocol {
namespace {

unsigned typeOf(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool: return Boolean;
    case QJsonValue::Double: return Number;
    case QJsonValue::String: return String;
    case QJsonValue::Array: return Array;
    case QJsonValue::Object: return Object;
    case QJsonValue::Null:
    case QJsonValue::Undefined: break;
    }
    return 0;
}

QString typeNames(unsigned types)
{
    QStringList names;
    for (const auto &[type, name] : {std::pair{Boolean, "a boolean"}, {Number, "a number"}, {String, "a string"}, {Array, "an array"},
                                     {Object, "an object"}}) {
        if (types & type)
            names << QLatin1String(name);
    }
    const QString last = names.takeLast();
    return names.isEmpty() ? last : names.join(QStringLiteral(", ")) + QStringLiteral(" or ") + last;
}

} // namespace

bool hasType(const QJsonValue &value, unsigned types, const QString &where, QString *error)
{
    if (value.isNull() || value.isUndefined() || (typeOf(value) & types))
        return true;
    *error = QStringLiteral("%1 must be %2").arg(where, typeNames(types));
    return false;
}

bool fieldsHaveTypes(const QJsonObject &object, std::initializer_list<std::pair<const char *, unsigned>> fields, QString *error,
                     const QString &prefix)
{
    for (const auto &[key, types] : fields) {
        if (!hasType(object.value(QLatin1String(key)), types, prefix + QLatin1String(key), error))
            return false;
    }
    return true;
}

bool isObjectWithTypes(const QJsonValue &element, const QString &where, std::initializer_list<std::pair<const char *, unsigned>> fields,
                       QString *error)
{
    if (!element.isObject()) {
        *error = QStringLiteral("%1 must be an object").arg(where);
        return false;
    }
    return fieldsHaveTypes(element.toObject(), fields, error, where + QLatin1Char('.'));
}

} // namespace sy::protocol
