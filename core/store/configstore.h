#pragma once
// The config file while Switchyard runs: loads it, replaces it (PUT /api/v1/config and
// the editors built on it) after validating the whole document, saves it atomically with
// the previous version kept, and notices edits made to the file by anything else. Every
// accepted change is handed to `apply` in one piece, so a request sees either the old
// config or the new one.

#include "store/config.h"

#include <QFileSystemWatcher>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <functional>
#include <optional>

namespace sy::config {

struct ConfigChange {
    int status = 200;             // 400 invalid, 412 stale If-Match, 500 cannot save
    QJsonArray diff;              // see diffDocuments
    QStringList restartRequired;  // changed settings that only a restart applies
    std::vector<Issue> issues;    // why it was refused
    std::vector<Issue> warnings;  // taken, but will not work as it stands (a launch program missing here)
    QString error;
    bool applied = false;

    bool ok() const { return status == 200; }
    QJsonObject toJson() const;
};

class ConfigStore : public QObject {
    Q_OBJECT
public:
    // Completes a parsed config before it is used (command-line overrides, the demo pool);
    // false with a message refuses it.
    using Prepare = std::function<bool(Config &config, QString *error)>;
    // Puts a prepared config into effect; returns the settings it could not change live.
    using Apply = std::function<QStringList(const Config &config)>;

    // `implicit`: the models `prepare` will add to a config (policies may name them).
    ConfigStore(QString path, Prepare prepare, ImplicitModels implicit, QObject *parent = nullptr);

    // Reads the file (writing the default one first if there is none) and starts watching it.
    std::optional<Config> load(QString *error, bool *created);
    void setApply(Apply apply) { m_apply = std::move(apply); }

    const QString &path() const { return m_path; }
    const QJsonObject &document() const { return m_document; }
    // A strong validator of the document: "\"<hex>\"".
    QByteArray etag() const;

    // Replaces the whole document. `ifMatch` (optional) must be the current etag.
    ConfigChange replace(const QByteArray &text, const QByteArray &ifMatch, bool dryRun);
    // Replaces one top-level member (e.g. "agents") and keeps the rest.
    ConfigChange replaceMember(const QString &key, const QJsonValue &value, bool dryRun);

Q_SIGNALS:
    // An accepted change: source is "api" or "file".
    void changed(const QJsonArray &diff, const QString &source);
    // The file was edited into something invalid; the running config stays.
    void rejected(const QString &error);

private:
    ConfigChange accept(const QJsonObject &document, const QByteArray &text, bool dryRun, const QString &source);
    void onFileEvent();
    void reloadFromDisk();
    void rewatch();

    QString m_path;
    Prepare m_prepare;
    ImplicitModels m_implicit;
    Apply m_apply;
    QByteArray m_text; // the file as last read or written
    QByteArray m_rejectedText; // an invalid edit, reported once
    QJsonObject m_document;
    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
};

} // namespace sy::config
