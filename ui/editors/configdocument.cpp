#include "editors/configdocument.h"

#include "client/corelink.h"
#include "editors/catalognames.h"
#include "models/coremessages.h"

#include <QJsonDocument>

namespace sy::ui {

namespace {

// One of error.issues[] or warnings[], in the window's language.
ConfigIssue issueOf(const QJsonObject &issue)
{
    QStringList args;
    for (const QJsonValue &arg : issue.value(QLatin1String("args")).toArray())
        args << arg.toString();
    return {issue.value(QLatin1String("path")).toString(),
            localizedConfigIssue(issue.value(QLatin1String("form")).toString(), args, issue.value(QLatin1String("message")).toString())};
}

// The top line of a refused change, for when no issue is listed.
QString errorMessageOf(const QJsonObject &body)
{
    const QJsonObject error = body.value(QLatin1String("error")).toObject();
    return localizedCoreError(error.value(QLatin1String("code")).toString(), error.value(QLatin1String("message")).toString());
}

} // namespace

QList<ConfigIssue> issuesOf(const QJsonObject &errorBody)
{
    QList<ConfigIssue> out;
    for (const QJsonValue &v : errorBody.value(QLatin1String("error")).toObject().value(QLatin1String("issues")).toArray())
        out.append(issueOf(v.toObject()));
    return out;
}

ConfigDocument::ConfigDocument(CoreLink *link, QObject *parent) : QObject(parent), m_link(link)
{
    connect(link, &CoreLink::configChanged, this, [this] {
        if (isDirty())
            Q_EMIT externalChange();
        else
            load();
    });
    connect(link, &CoreLink::stateChanged, this, [this](CoreLink::State state) {
        if (state == CoreLink::State::Connected && !isDirty())
            load();
    });
}

void ConfigDocument::load()
{
    m_link->get(QStringLiteral("/api/v1/config"), [this](const RestReply &r) {
        if (!r.ok())
            return;
        const bool follow = !isDirty();
        m_running = r.body;
        m_etag = r.etag;
        m_loaded = true;
        if (follow)
            m_working = m_running;
        Q_EMIT loaded();
        if (follow)
            Q_EMIT changed();
    });
}

void ConfigDocument::setSection(const QString &key, const QJsonValue &value)
{
    if (m_working.value(key) == value)
        return;
    if (value.isUndefined() || (value.isObject() && value.toObject().isEmpty() && !m_running.contains(key)))
        m_working.remove(key);
    else
        m_working.insert(key, value);
    Q_EMIT changed();
}

void ConfigDocument::setWorking(const QJsonObject &document)
{
    if (document == m_working)
        return;
    m_working = document;
    Q_EMIT changed();
}

QStringList ConfigDocument::pickableNames() const
{
    QStringList names = routableNames(working());
    for (const QString &model : m_demoModels) {
        if (!names.contains(model))
            names << model;
    }
    return names;
}

void ConfigDocument::setDemo(bool demo, QStringList models, QJsonObject policies)
{
    m_demoModels = std::move(models);
    const bool policiesChanged = policies != m_demoPolicies;
    m_demoPolicies = std::move(policies);
    if (demo == m_demo && !policiesChanged)
        return;
    m_demo = demo;
    Q_EMIT demoChanged(demo);
}

QStringList ConfigDocument::demoPoliciesReplaced() const
{
    if (!m_demo)
        return {};
    QStringList replaced;
    const std::pair<const char *, QString> kinds[] = {{"agents", tr("agent %1")}, {"modes", tr("mode %1")}, {"pools", tr("pool %1")}};
    for (const auto &[section, label] : kinds) {
        const QJsonObject mine = m_working.value(QLatin1String(section)).toObject();
        for (const QJsonValue &name : m_demoPolicies.value(QLatin1String(section)).toArray())
            if (mine.contains(name.toString()))
                replaced << label.arg(name.toString());
    }
    return replaced;
}

void ConfigDocument::revert()
{
    m_working = m_running;
    Q_EMIT issuesChanged({});
    Q_EMIT changed();
}

void ConfigDocument::put(bool dryRun, std::function<void(int status, const QJsonObject &body)> done)
{
    const QByteArray body = QJsonDocument(m_working).toJson(QJsonDocument::Indented);
    m_link->send("PUT", dryRun ? QStringLiteral("/api/v1/config?dryRun=1") : QStringLiteral("/api/v1/config"), body,
                 [done = std::move(done)](const RestReply &r) { done(r.status, r.body.isEmpty() && !r.ok()
                                                                                     ? QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), r.message()}}}}
                                                                                     : r.body); },
                 {{QByteArrayLiteral("If-Match"), m_etag}});
}

void ConfigDocument::preview(std::function<void(const QJsonArray &, const QList<ConfigIssue> &, const QString &)> done)
{
    put(true, [this, done = std::move(done)](int status, const QJsonObject &body) {
        const QList<ConfigIssue> issues = status == 200 ? QList<ConfigIssue>() : issuesOf(body);
        m_warnings.clear();
        for (const QJsonValue &w : body.value(QLatin1String("warnings")).toArray()) {
            const ConfigIssue warning = issueOf(w.toObject());
            m_warnings << warning.path + QStringLiteral(": ") + warning.message;
        }
        Q_EMIT issuesChanged(issues);
        if (status == 200)
            done(body.value(QLatin1String("diff")).toArray(), {}, {});
        else
            done({}, issues, errorMessageOf(body));
    });
}

void ConfigDocument::apply(std::function<void(bool, const QList<ConfigIssue> &, const QString &)> done)
{
    put(false, [this, done = std::move(done)](int status, const QJsonObject &body) {
        const QList<ConfigIssue> issues = status == 200 ? QList<ConfigIssue>() : issuesOf(body);
        Q_EMIT issuesChanged(issues);
        if (status != 200) {
            done(false, issues, errorMessageOf(body));
            return;
        }
        m_running = m_working; // what the core runs now; load() fetches its new ETag
        load();
        done(true, {}, {});
    });
}

} // namespace sy::ui
