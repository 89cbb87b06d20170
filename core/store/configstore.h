#pragma once
// The config file while Switchyard runs: loads it, replaces it (PUT /api/v1/config and
// the editors built on it) after validating the whole document, saves it atomically with
// the previous version kept, and notices edits made to the file by anything else. Every
// accepted change is handed to `apply` in one piece, so a request sees either the old
// config or the new one.
//
// A change is checked (parsed, validated, prepared, compared) on a worker thread: a document
// of 100,000 models takes most of a second, which the core thread that serves requests must
// not wait for. Changes are taken one at a time in the order they came, so each is checked
// against the document the one before it left.

#include "store/config.h"

#include <QFileSystemWatcher>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <deque>
#include <functional>
#include <optional>

namespace sy::config {

struct ConfigChange {
    int status = 200;             // 400 invalid, 409 a file edit saved over, 412 stale If-Match, 500 cannot save, 503 too many waiting
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
    // false with a message refuses it. Runs on a worker thread, so it may only read.
    using Prepare = std::function<bool(Config &config, QString *error)>;
    // Puts a prepared config into effect; returns the settings it could not change live.
    using Apply = std::function<QStringList(const Config &config)>;

    // What became of a change; called on this object's thread.
    using Done = std::function<void(ConfigChange change)>;

    // `implicit`: the models `prepare` will add to a config (policies may name them); called
    // on a worker thread too.
    ConfigStore(QString path, Prepare prepare, ImplicitModels implicit, QObject *parent = nullptr);

    // Reads the file (writing the default one first if there is none) and starts watching it.
    std::optional<Config> load(QString *error, bool *created);
    void setApply(Apply apply) { m_apply = std::move(apply); }

    const QString &path() const { return m_path; }
    const QJsonObject &document() const { return m_document; }
    // A strong validator of the document: "\"<hex>\"".
    QByteArray etag() const;

    // Replaces the whole document. `ifMatch` (optional) must be the etag when its turn comes.
    void replace(const QByteArray &text, const QByteArray &ifMatch, bool dryRun, Done done);
    // Replaces one top-level member (e.g. "agents") and keeps the rest.
    void replaceMember(const QString &key, const QJsonValue &value, bool dryRun, Done done);

Q_SIGNALS:
    // An accepted change: source is "api" or "file".
    void changed(const QJsonArray &diff, const QString &source);
    // The file was edited into something invalid; the running config stays.
    void rejected(const QString &error);

private:
    using Member = std::pair<QString, QJsonValue>;
    struct Pending {
        QByteArray text;             // the new document, or
        std::optional<Member> member; // one member put into the current one
        QByteArray ifMatch;
        bool dryRun = false;
        QString source; // "api" or "file"
        Done done;
    };
    struct Checked;

    void enqueue(Pending pending);
    void checkNext();
    // Everything about a change that does not touch the running state (a worker thread's part).
    static Checked check(const QByteArray &text, const std::optional<Member> &member, const QString &name, const QJsonObject &base,
                         const ImplicitModels &implicit, const Prepare &prepare);
    // Puts the checked change (m_checking) into effect, answers it and checks the next.
    void commit(Checked checked);
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
    std::deque<Pending> m_pending;  // waiting for their turn
    std::optional<Pending> m_checking; // being checked on a worker thread
};

} // namespace sy::config
