#pragma once
// The config as the editors see it: the running document (with its ETag) and a working
// copy they change. Apply first asks the core for a dry run (to show the diff or the
// problems, each naming its field), then replaces the config with If-Match, so a change
// made elsewhere in between is refused rather than overwritten. Revert goes back to the
// running document.

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <functional>

namespace sy::ui {

class CoreLink;

struct ConfigIssue {
    QString path;    // "agents.Coder.models[1]"
    QString message; // in the window's language where the core's form is translated
};

class ConfigDocument : public QObject {
    Q_OBJECT
public:
    explicit ConfigDocument(CoreLink *link, QObject *parent = nullptr);

    void load();
    bool isLoaded() const { return m_loaded; }
    const QJsonObject &running() const { return m_running; }
    const QJsonObject &working() const { return m_working; }
    bool isDirty() const { return m_working != m_running; }

    // A top-level section of the working copy ("agents", "pools", "fallback", ...).
    QJsonValue section(const QString &key) const { return m_working.value(key); }
    void setSection(const QString &key, const QJsonValue &value);
    void setWorking(const QJsonObject &document);
    void revert();
    // The core runs the built-in demo pool, which is added at start-up and not in the file.
    // Whether the core runs the demo pool, and its models (not in the file, yet pickable).
    // `policies`: the names of the agents, modes and pools the demo adds ({"agents": [...], ...}).
    void setDemo(bool demo, QStringList models, QJsonObject policies = {});
    bool isDemo() const { return m_demo; }
    // The demo's policies the working config replaces with its own, as "agent Coder", "mode eco", ...
    QStringList demoPoliciesReplaced() const;
    // What a routing list may name: the working config's names and the demo's models.
    QStringList pickableNames() const;

    // Dry run: `done` gets the diff, or the issues (and the message) when it is refused.
    void preview(std::function<void(const QJsonArray &diff, const QList<ConfigIssue> &issues, const QString &message)> done);
    // What the last check found that will not work as it stands (a launch program missing on
    // the Switchyard's machine), as "models[0].launch.command: ..."; the config is taken anyway.
    QStringList warnings() const { return m_warnings; }
    // Replaces the running config with the working copy.
    void apply(std::function<void(bool ok, const QList<ConfigIssue> &issues, const QString &message)> done);

Q_SIGNALS:
    void loaded();         // the running config was (re)read; the working copy follows unless dirty
    void changed();        // the working copy changed
    void externalChange(); // the config changed elsewhere while the working copy is dirty
    void issuesChanged(const QList<sy::ui::ConfigIssue> &issues); // after a check (empty: none)
    void demoChanged(bool demo);

private:
    void put(bool dryRun, std::function<void(int status, const QJsonObject &body)> done);

    CoreLink *m_link;
    QJsonObject m_running;
    QJsonObject m_working;
    QByteArray m_etag;
    bool m_loaded = false;
    bool m_demo = false;
    QStringList m_demoModels;
    QStringList m_warnings;
    QJsonObject m_demoPolicies;
};

// The issues an error answer lists.
QList<ConfigIssue> issuesOf(const QJsonObject &errorBody);

} // namespace sy::ui
