#pragma once
// The JSON types a request's fields may have. The converting parsers read fields with
// QJsonValue::toString()/toBool()/toArray(), which turn a wrong type into an empty value: a
// client's `"temperature": "hot"` or `"parts": "x"` would be dropped without a word, or sent
// on as an empty conversation. These checks make such a request a 400 that names the field.

#include <QJsonObject>
#include <QString>

#include <initializer_list>
#include <utility>

namespace sy::protocol {

enum JsonType : unsigned { Boolean = 1, Number = 2, String = 4, Array = 8, Object = 16 };

// Whether `value` is one of `types`; null and absent (undefined) always pass: optional
// fields may be sent as null. If not, *error is "`where` must be <the types>".
bool hasType(const QJsonValue &value, unsigned types, const QString &where, QString *error);

// hasType for several fields of one object; `prefix` is the object's path ("messages[2].").
bool fieldsHaveTypes(const QJsonObject &object, std::initializer_list<std::pair<const char *, unsigned>> fields, QString *error,
                     const QString &prefix = {});

// An array's element that must be an object (a null there is not an absent optional field)
// with fields of these types; `where` is its path ("messages[2]").
bool isObjectWithTypes(const QJsonValue &element, const QString &where, std::initializer_list<std::pair<const char *, unsigned>> fields,
                       QString *error);

} // namespace sy::protocol
