#include "editors/catalognames.h"

#include <QJsonArray>

namespace sy::ui {

QStringList routableNames(const QJsonObject &config)
{
    QStringList names;
    const auto addOnce = [&names](const QString &name) {
        if (!name.isEmpty() && !names.contains(name))
            names << name;
    };
    for (const QJsonValue &v : config.value(QLatin1String("models")).toArray()) {
        const QJsonObject model = v.toObject();
        addOnce(model.value(QLatin1String("id")).toString());
        for (const QJsonValue &alias : model.value(QLatin1String("aliases")).toArray())
            addOnce(alias.toString());
        addOnce(model.value(QLatin1String("balance")).toString());
    }
    for (const QJsonValue &v : config.value(QLatin1String("backends")).toArray()) {
        const QJsonObject mapping = v.toObject().value(QLatin1String("modelMapping")).toObject();
        for (auto it = mapping.begin(); it != mapping.end(); ++it)
            addOnce(it.key());
    }
    return names;
}

QStringList toStringList(const QJsonValue &array)
{
    QStringList out;
    for (const QJsonValue &v : array.toArray())
        out << v.toString();
    return out;
}

} // namespace sy::ui
