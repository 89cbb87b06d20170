#pragma once
// Reading and writing the config file.

#include "store/config.h"

namespace sy::config {

struct LoadedFile {
    ParseResult parsed;
    QByteArray text;
    bool created = false; // the file did not exist and was written from the default
    QString ioError;      // could not read or create it

    bool ok() const { return ioError.isEmpty() && parsed.ok(); }
    QString errorText(const QString &path) const;
};

// Loads `path`, creating it from defaultConfigText() when it does not exist.
LoadedFile loadOrCreate(const QString &path, const ImplicitModels &implicit = {});

// Writes atomically (QSaveFile), keeping the previous version as `path`.bak.
bool save(const QString &path, const QByteArray &text, QString *error);

} // namespace sy::config
