#include "store/configdiff.h"

#include <QHash>
#include <QSet>
#include <QStringList>

namespace sy::config {
namespace {

// A long string (also inside an object or array) is named by its length, not repeated: a
// diff is read by people, and a document may hold a 20 MB value.
QJsonValue shown(const QJsonValue &value)
{
    constexpr qsizetype kLongest = 4096;
    if (value.isString() && value.toString().size() > kLongest)
        return QStringLiteral("(%1 characters)").arg(value.toString().size());
    // Built anew rather than changed in place: replacing an element in place rewrites the
    // container behind it, which made a 150,000-element array take half a minute.
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        QJsonObject out;
        for (auto it = o.begin(); it != o.end(); ++it)
            out.insert(it.key(), shown(it.value()));
        return out;
    }
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &element : value.toArray())
            out.append(shown(element));
        return out;
    }
    return value;
}

void entry(QJsonArray &out, const QString &path, const char *change, const QJsonValue &before, const QJsonValue &after)
{
    QJsonObject e{{QStringLiteral("path"), path}, {QStringLiteral("change"), QLatin1String(change)}};
    if (!before.isUndefined())
        e.insert(QStringLiteral("old"), shown(before));
    if (!after.isUndefined())
        e.insert(QStringLiteral("new"), shown(after));
    out.append(e);
}

// The ids of an array whose elements are all objects with a unique string "id", in order;
// empty otherwise. (Lookups go through hashes: a document may list 100,000 models, and
// comparing lists was quadratic, seconds on the core thread.)
QStringList idsOf(const QJsonArray &array)
{
    QStringList ids;
    QSet<QString> seen;
    ids.reserve(array.size());
    seen.reserve(array.size());
    for (const QJsonValue &v : array) {
        const QString id = v.toObject().value(QLatin1String("id")).toString();
        if (id.isEmpty() || seen.contains(id))
            return {};
        seen.insert(id);
        ids << id;
    }
    return ids;
}

QHash<QString, int> positions(const QStringList &ids)
{
    QHash<QString, int> out;
    out.reserve(ids.size());
    for (int i = 0; i < ids.size(); ++i)
        out.insert(ids[i], i);
    return out;
}

void diffValues(QJsonArray &out, const QString &path, const QJsonValue &before, const QJsonValue &after);

void diffObjects(QJsonArray &out, const QString &path, const QJsonObject &before, const QJsonObject &after)
{
    const QString prefix = path.isEmpty() ? QString() : path + QLatin1Char('.');
    for (auto it = before.begin(); it != before.end(); ++it) {
        if (!after.contains(it.key()))
            entry(out, prefix + it.key(), "removed", it.value(), QJsonValue::Undefined);
        else
            diffValues(out, prefix + it.key(), it.value(), after.value(it.key()));
    }
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (!before.contains(it.key()))
            entry(out, prefix + it.key(), "added", QJsonValue::Undefined, it.value());
    }
}

void diffArraysById(QJsonArray &out, const QString &path, const QJsonArray &before, const QJsonArray &after,
                    const QStringList &beforeIds, const QStringList &afterIds)
{
    const QHash<QString, int> beforeAt = positions(beforeIds);
    const QHash<QString, int> afterAt = positions(afterIds);
    for (int i = 0; i < beforeIds.size(); ++i) {
        const QString itemPath = QStringLiteral("%1[%2]").arg(path, beforeIds[i]);
        const int j = afterAt.value(beforeIds[i], -1);
        if (j < 0)
            entry(out, itemPath, "removed", before[i], QJsonValue::Undefined);
        else
            diffObjects(out, itemPath, before[i].toObject(), after[j].toObject());
    }
    QStringList kept;
    for (int j = 0; j < afterIds.size(); ++j) {
        if (beforeAt.contains(afterIds[j]))
            kept << afterIds[j];
        else
            entry(out, QStringLiteral("%1[%2]").arg(path, afterIds[j]), "added", QJsonValue::Undefined, after[j]);
    }
    QStringList keptBefore;
    for (const QString &id : beforeIds) {
        if (afterAt.contains(id))
            keptBefore << id;
    }
    if (kept != keptBefore)
        entry(out, path, "reordered", QJsonArray::fromStringList(keptBefore), QJsonArray::fromStringList(kept));
}

void diffValues(QJsonArray &out, const QString &path, const QJsonValue &before, const QJsonValue &after)
{
    if (before == after)
        return;
    if (before.isObject() && after.isObject()) {
        diffObjects(out, path, before.toObject(), after.toObject());
        return;
    }
    if (before.isArray() && after.isArray()) {
        const QStringList beforeIds = idsOf(before.toArray());
        const QStringList afterIds = idsOf(after.toArray());
        if ((!beforeIds.isEmpty() || before.toArray().isEmpty()) && (!afterIds.isEmpty() || after.toArray().isEmpty()) &&
            !(beforeIds.isEmpty() && afterIds.isEmpty())) {
            diffArraysById(out, path, before.toArray(), after.toArray(), beforeIds, afterIds);
            return;
        }
    }
    entry(out, path, "changed", before, after);
}

} // namespace

QJsonArray diffDocuments(const QJsonObject &before, const QJsonObject &after)
{
    QJsonArray out;
    diffObjects(out, QString(), before, after);
    return out;
}

} // namespace sy::config
