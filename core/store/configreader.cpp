#include "store/configreader.h"

#include <QRegularExpression>
#include <algorithm>

namespace sy::config {
namespace {

int editDistance(const QString &a, const QString &b)
{
    std::vector<int> row(std::size_t(b.size()) + 1);
    for (int j = 0; j <= b.size(); ++j)
        row[std::size_t(j)] = j;
    for (int i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int above = row[std::size_t(j)];
            const int cost = a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1;
            row[std::size_t(j)] = std::min({above + 1, row[std::size_t(j - 1)] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row[std::size_t(b.size())];
}

// Marked for translation: the window translates the type a ", not %1" form names (context
// "ConfigTypes").
QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QString::fromLatin1(QT_TRANSLATE_NOOP("ConfigTypes", "null"));
    case QJsonValue::Bool: return QString::fromLatin1(QT_TRANSLATE_NOOP("ConfigTypes", "a boolean"));
    case QJsonValue::Double: return QString::fromLatin1(QT_TRANSLATE_NOOP("ConfigTypes", "a number"));
    case QJsonValue::String: return QString::fromLatin1(QT_TRANSLATE_NOOP("ConfigTypes", "a string"));
    case QJsonValue::Array: return QString::fromLatin1(QT_TRANSLATE_NOOP("ConfigTypes", "an array"));
    case QJsonValue::Object: return QString::fromLatin1(QT_TRANSLATE_NOOP("ConfigTypes", "an object"));
    case QJsonValue::Undefined: return QString::fromLatin1(QT_TRANSLATE_NOOP("ConfigTypes", "missing"));
    }
    return QString::fromLatin1(QT_TRANSLATE_NOOP("ConfigTypes", "unknown"));
}

} // namespace

QString ConfigReader::join(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

QString ConfigReader::index(const QString &path, qsizetype i)
{
    return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

void ConfigReader::error(const QString &path, const char *form, QStringList args)
{
    errors.push_back(Issue::of(path, form, std::move(args)));
}

void ConfigReader::checkKeys(const QJsonObject &object, const QString &path, std::initializer_list<const char *> known)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        if (std::any_of(known.begin(), known.end(), [&](const char *k) { return key == QLatin1String(k); }))
            continue;
        QString suggestion;
        int best = 3;
        for (const char *k : known) {
            const int d = editDistance(key, QLatin1String(k));
            if (d < best) {
                best = d;
                suggestion = QLatin1String(k);
            }
        }
        if (suggestion.isEmpty())
            error(join(path, key), QT_TRANSLATE_NOOP("ConfigMessages", "unknown key"));
        else
            error(join(path, key), QT_TRANSLATE_NOOP("ConfigMessages", "unknown key (did you mean \"%1\"?)"), {suggestion});
    }
}

bool ConfigReader::string(const QJsonObject &o, const char *key, const QString &path, QString &out, bool required)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined()) {
        if (required)
            error(join(path, QLatin1String(key)), QT_TRANSLATE_NOOP("ConfigMessages", "is required"));
        return !required;
    }
    if (!v.isString()) {
        error(join(path, QLatin1String(key)), QT_TRANSLATE_NOOP("ConfigMessages", "must be a string, not %1"), {typeName(v)});
        return false;
    }
    if (required && v.toString().trimmed().isEmpty()) {
        error(join(path, QLatin1String(key)), QT_TRANSLATE_NOOP("ConfigMessages", "must not be empty"));
        return false;
    }
    out = v.toString();
    return true;
}

bool ConfigReader::integer(const QJsonObject &o, const char *key, const QString &path, int &out, int min, int max)
{
    std::optional<int> value;
    if (!optionalInteger(o, key, path, value, min, max))
        return false;
    if (value)
        out = *value;
    return true;
}

bool ConfigReader::optionalInteger(const QJsonObject &o, const char *key, const QString &path,
                                   std::optional<int> &out, int min, int max)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return true;
    const double d = v.toDouble();
    if (!v.isDouble() || d != double(qint64(d))) {
        error(join(path, QLatin1String(key)),
              QT_TRANSLATE_NOOP("ConfigMessages", "must be a whole number, not %1"), {typeName(v)});
        return false;
    }
    if (d < min || d > max) {
        error(join(path, QLatin1String(key)), QT_TRANSLATE_NOOP("ConfigMessages", "must be between %1 and %2 (is %3)"),
              {QString::number(min), QString::number(max), QString::number(d)});
        return false;
    }
    out = int(d);
    return true;
}

bool ConfigReader::boolean(const QJsonObject &o, const char *key, const QString &path, bool &out)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return true;
    if (!v.isBool()) {
        error(join(path, QLatin1String(key)),
              QT_TRANSLATE_NOOP("ConfigMessages", "must be true or false, not %1"), {typeName(v)});
        return false;
    }
    out = v.toBool();
    return true;
}

bool ConfigReader::stringList(const QJsonObject &o, const char *key, const QString &path, QStringList &out,
                              bool nonEmpty)
{
    const QJsonValue v = o.value(QLatin1String(key));
    const QString here = join(path, QLatin1String(key));
    if (v.isUndefined()) {
        if (nonEmpty)
            error(here, QT_TRANSLATE_NOOP("ConfigMessages", "is required"));
        return !nonEmpty;
    }
    if (!v.isArray()) {
        error(here, QT_TRANSLATE_NOOP("ConfigMessages", "must be an array of strings, not %1"), {typeName(v)});
        return false;
    }
    QStringList result;
    bool ok = true;
    const QJsonArray array = v.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array[i].isString() || array[i].toString().isEmpty()) {
            error(index(here, i), QT_TRANSLATE_NOOP("ConfigMessages", "must be a non-empty string"));
            ok = false;
            continue;
        }
        result << array[i].toString();
    }
    if (nonEmpty && array.isEmpty()) {
        error(here, QT_TRANSLATE_NOOP("ConfigMessages", "must not be empty"));
        ok = false;
    }
    if (ok)
        out = result;
    return ok;
}

bool ConfigReader::object(const QJsonObject &o, const char *key, const QString &path, QJsonObject &out)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return true;
    if (!v.isObject()) {
        error(join(path, QLatin1String(key)), QT_TRANSLATE_NOOP("ConfigMessages", "must be an object, not %1"), {typeName(v)});
        return false;
    }
    out = v.toObject();
    return true;
}

bool ConfigReader::stringMap(const QJsonObject &o, const char *key, const QString &path,
                             std::map<QString, QString> &out)
{
    QJsonObject object;
    if (!this->object(o, key, path, object))
        return false;
    bool ok = true;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString()) {
            error(join(join(path, QLatin1String(key)), it.key()), QT_TRANSLATE_NOOP("ConfigMessages", "must be a string"));
            ok = false;
            continue;
        }
        out[it.key()] = it.value().toString();
    }
    return ok;
}

std::vector<std::pair<qsizetype, QJsonObject>> ConfigReader::objectArray(const QJsonObject &o, const char *key, const QString &path)
{
    std::vector<std::pair<qsizetype, QJsonObject>> result;
    const QJsonValue v = o.value(QLatin1String(key));
    const QString here = join(path, QLatin1String(key));
    if (v.isUndefined())
        return result;
    if (!v.isArray()) {
        error(here, QT_TRANSLATE_NOOP("ConfigMessages", "must be an array, not %1"), {typeName(v)});
        return result;
    }
    const QJsonArray array = v.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array[i].isObject()) {
            error(index(here, i), QT_TRANSLATE_NOOP("ConfigMessages", "must be an object, not %1"), {typeName(array[i])});
            continue;
        }
        result.emplace_back(i, array[i].toObject());
    }
    return result;
}

bool isPlainName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._:@-]*$"));
    return re.match(name).hasMatch();
}

bool isHeaderName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")); // RFC 9110's token
    return re.match(name).hasMatch();
}

bool hasControlCharacters(const QString &text)
{
    return std::any_of(text.begin(), text.end(), [](QChar c) { return (c.unicode() < 0x20 && c != u'\t') || c.unicode() == 0x7f; });
}

} // namespace sy::config
