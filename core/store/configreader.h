#pragma once
// Typed reads from a QJsonObject that record every problem with its key path.

#include "store/config.h"

#include <QJsonArray>
#include <QJsonObject>
#include <initializer_list>

namespace sy::config {

class ConfigReader {
public:
    std::vector<Issue> errors;

    static QString join(const QString &path, const QString &key);
    static QString index(const QString &path, qsizetype i);

    // `form` is an English message with %1… for `args`, marked with QT_TRANSLATE_NOOP
    // ("ConfigMessages") so the window can show it in its language (see Issue).
    void error(const QString &path, const char *form, QStringList args = {});
    // Reports keys not in `known`, with a suggestion when one is close.
    void checkKeys(const QJsonObject &object, const QString &path, std::initializer_list<const char *> known);

    // Each returns false (and records why) when the key is present but wrong; absent keys
    // leave `out` untouched unless `required`.
    bool string(const QJsonObject &o, const char *key, const QString &path, QString &out, bool required = false);
    bool integer(const QJsonObject &o, const char *key, const QString &path, int &out, int min, int max);
    bool optionalInteger(const QJsonObject &o, const char *key, const QString &path, std::optional<int> &out,
                         int min, int max);
    bool boolean(const QJsonObject &o, const char *key, const QString &path, bool &out);
    bool stringList(const QJsonObject &o, const char *key, const QString &path, QStringList &out,
                    bool nonEmpty = false);
    bool object(const QJsonObject &o, const char *key, const QString &path, QJsonObject &out);
    bool stringMap(const QJsonObject &o, const char *key, const QString &path, std::map<QString, QString> &out);
    // One of the given names, stored as its value; anything else is reported with the list.
    template<typename E>
    bool choice(const QJsonObject &o, const char *key, const QString &path, E &out,
                std::initializer_list<std::pair<const char *, E>> names)
    {
        QString text;
        if (!o.contains(QLatin1String(key)) || !string(o, key, path, text))
            return false;
        QStringList known;
        for (const auto &[name, value] : names) {
            if (text == QLatin1String(name)) {
                out = value;
                return true;
            }
            known << QStringLiteral("\"%1\"").arg(QLatin1String(name));
        }
        error(join(path, QLatin1String(key)), QT_TRANSLATE_NOOP("ConfigMessages", "must be one of %1 (is \"%2\")"),
              {known.join(QStringLiteral(", ")), text});
        return false;
    }
    // An array of objects: (index, object) pairs; non-objects are reported and skipped.
    std::vector<std::pair<qsizetype, QJsonObject>> objectArray(const QJsonObject &o, const char *key, const QString &path);
};

// Names made of letters, digits and . _ - (ids, agent classes, roles).
bool isPlainName(const QString &name);
// An HTTP field name (RFC 9110 token): what may go into a header line as its name.
bool isHeaderName(const QString &name);
// Control characters other than tab (CR and LF would start a line of their own in a request).
bool hasControlCharacters(const QString &text);

} // namespace sy::config
