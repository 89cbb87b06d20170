#include "store/configfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace sy::config {

QString LoadedFile::errorText(const QString &path) const
{
    if (!ioError.isEmpty())
        return ioError;
    return QStringLiteral("invalid config %1:\n  %2").arg(path, parsed.errorText().replace(QLatin1Char('\n'), QStringLiteral("\n  ")));
}

LoadedFile loadOrCreate(const QString &path, const ImplicitModels &implicit)
{
    LoadedFile result;
    if (!QFileInfo::exists(path)) {
        QString error;
        if (!save(path, defaultConfigText(), &error)) {
            result.ioError = QStringLiteral("cannot create the default config %1: %2").arg(path, error);
            return result;
        }
        result.created = true;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.ioError = QStringLiteral("cannot read the config %1: %2").arg(path, file.errorString());
        return result;
    }
    result.text = file.readAll();
    result.parsed = parseText(result.text, implicit);
    return result;
}

bool save(const QString &path, const QByteArray &text, QString *error)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        *error = QStringLiteral("cannot create directory %1").arg(info.absolutePath());
        return false;
    }
    // The config names backends and environment variables of keys: readable by its owner only.
    constexpr auto kPrivate = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (info.exists()) {
        const QString backup = path + QStringLiteral(".bak");
        QFile::remove(backup);
        QFile::copy(path, backup);
        QFile::setPermissions(backup, kPrivate);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(kPrivate) || file.write(text) != text.size() || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace sy::config
