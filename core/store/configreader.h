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

    void error(const QString &path, const QString &message);
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
    // An array of objects: (index, object) pairs; non-objects are reported and skipped.
    std::vector<std::pair<qsizetype, QJsonObject>> objectArray(const QJsonObject &o, const char *key, const QString &path);
};

// Names made of letters, digits and . _ - (ids, agent classes, roles).
bool isPlainName(const QString &name);

} // namespace sy::config
