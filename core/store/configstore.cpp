#include "store/configstore.h"

#include "protocol/apierror.h"

#include "store/configdiff.h"
#include "store/configfile.h"
#include "store/launchcheck.h"
#include "util/log.h"
#include "util/offthread.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QPointer>
#include <utility>

namespace sy::config {
namespace {

auto &lg()
{
    static auto l = sy::log::get("config");
    return *l;
}

// External editors save in bursts (truncate, write, rename): wait for quiet.
constexpr int kSettleMs = 250;

ConfigChange refused(int status, QString error, std::vector<Issue> issues = {})
{
    ConfigChange c;
    c.status = status;
    c.error = std::move(error);
    c.issues = std::move(issues);
    return c;
}

bool fileHolds(const QString &path, const QByteArray &text)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.readAll() == text;
}

} // namespace

struct ConfigStore::Checked {
    ConfigChange change;          // refused, or the diff and warnings of a valid change
    std::optional<Config> config; // the prepared config when valid
    QByteArray text;
    QJsonObject document;
};

QJsonObject ConfigChange::toJson() const
{
    // Bounded like the issues: a document that adds 100,000 models is told so in its first
    // entries and a count, not in megabytes.
    constexpr qsizetype kDiffShown = 1000;
    QJsonArray shown;
    for (qsizetype i = 0; i < diff.size() && i < kDiffShown; ++i)
        shown.append(diff[i]);
    QJsonObject out{{QStringLiteral("applied"), applied},
                    {QStringLiteral("diff"), shown},
                    {QStringLiteral("restartRequired"), QJsonArray::fromStringList(restartRequired)},
                    {QStringLiteral("warnings"), issuesJson(warnings)}};
    if (diff.size() > kDiffShown)
        out.insert(QStringLiteral("diffNotShown"), diff.size() - kDiffShown);
    return out;
}

ConfigStore::ConfigStore(QString path, Prepare prepare, ImplicitModels implicit, QObject *parent)
    : QObject(parent), m_path(std::move(path)), m_prepare(std::move(prepare)), m_implicit(std::move(implicit))
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kSettleMs);
    connect(&m_debounce, &QTimer::timeout, this, &ConfigStore::reloadFromDisk);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &ConfigStore::onFileEvent);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &ConfigStore::onFileEvent);
}

std::optional<Config> ConfigStore::load(QString *error, bool *created)
{
    LoadedFile loaded = loadOrCreate(m_path, m_implicit);
    if (!loaded.ok()) {
        *error = loaded.errorText(m_path);
        return std::nullopt;
    }
    *created = loaded.created;
    Config config = std::move(*loaded.parsed.config);
    if (!m_prepare(config, error))
        return std::nullopt;
    m_text = loaded.text;
    m_document = QJsonDocument::fromJson(m_text).object();
    rewatch();
    return config;
}

QByteArray ConfigStore::etag() const
{
    return '"' + QCryptographicHash::hash(m_text, QCryptographicHash::Sha256).toHex().left(20) + '"';
}

void ConfigStore::replace(const QByteArray &text, const QByteArray &ifMatch, bool dryRun, Done done)
{
    enqueue({text, std::nullopt, ifMatch, dryRun, QStringLiteral("api"), std::move(done)});
}

void ConfigStore::replaceMember(const QString &key, const QJsonValue &value, bool dryRun, Done done)
{
    enqueue({{}, std::pair(key, value), {}, dryRun, QStringLiteral("api"), std::move(done)});
}

void ConfigStore::enqueue(Pending pending)
{
    // Each waiting change holds its document (up to the body limit, 32 MiB): bounded.
    constexpr std::size_t kMaxWaiting = 8;
    if (m_pending.size() >= kMaxWaiting) {
        pending.done(refused(503, QStringLiteral("%1 config changes are already waiting to be checked; try again shortly").arg(kMaxWaiting)));
        return;
    }
    m_pending.push_back(std::move(pending));
    checkNext();
}

void ConfigStore::checkNext()
{
    while (!m_checking && !m_pending.empty()) {
        Pending pending = std::move(m_pending.front());
        m_pending.pop_front();
        if (!pending.ifMatch.isEmpty() && pending.ifMatch != "*" && pending.ifMatch != etag()) {
            pending.done(refused(412, QStringLiteral("the config changed since it was read (If-Match %1, now %2): read it again")
                                          .arg(protocol::loggable(pending.ifMatch, 80), QString::fromUtf8(etag()))));
            continue;
        }
        const QString name = pending.source == QLatin1String("file") ? m_path : QStringLiteral("the config");
        m_checking = std::move(pending);
        runOffThread([text = m_checking->text, member = m_checking->member, name, base = m_document, implicit = m_implicit, prepare = m_prepare] {
            return check(text, member, name, base, implicit, prepare);
        })->onSet([self = QPointer<ConfigStore>(this)](Checked checked) {
            if (self)
                self->commit(std::move(checked));
        });
    }
}

ConfigStore::Checked ConfigStore::check(const QByteArray &text, const std::optional<Member> &member, const QString &name, const QJsonObject &base,
                                        const ImplicitModels &implicit, const Prepare &prepare)
{
    Checked checked;
    if (member) {
        checked.document = base;
        checked.document.insert(member->first, member->second);
        checked.text = QJsonDocument(checked.document).toJson(QJsonDocument::Indented);
    } else {
        checked.text = text;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            checked.change = refused(400, QStringLiteral("%1 is not valid JSON: %2 at offset %3").arg(name, parseError.errorString()).arg(parseError.offset));
            return checked;
        }
        if (!doc.isObject()) {
            checked.change = refused(400, QStringLiteral("%1 must be a JSON object").arg(name));
            return checked;
        }
        checked.document = doc.object();
        // Text someone wrote may repeat a key, which the document above silently dropped
        // (a member put in by the API is serialised from a document, so cannot).
        if (std::optional<Issue> duplicate = duplicateKeyIssue(text)) {
            checked.change = refused(400, QStringLiteral("the config is invalid:\n%1").arg(duplicate->text()), {*duplicate});
            return checked;
        }
    }
    ParseResult parsed = parse(checked.document, implicit);
    if (!parsed.ok()) {
        QString message = QStringLiteral("the config is invalid:\n%1").arg(parsed.errorText()); // before the errors move
        checked.change = refused(400, std::move(message), std::move(parsed.errors));
        return checked;
    }
    Config config = std::move(*parsed.config);
    checked.change.warnings = launchWarnings(config); // before the demo (our own program) is added
    QString error;
    if (!prepare(config, &error)) {
        checked.change = refused(400, error);
        return checked;
    }
    checked.change.diff = diffDocuments(base, checked.document);
    checked.config = std::move(config);
    return checked;
}

void ConfigStore::commit(Checked checked)
{
    Pending pending = std::move(*m_checking);
    m_checking.reset();
    ConfigChange change = std::move(checked.change);
    QString error;
    if (pending.source == QLatin1String("file") && !fileHolds(m_path, checked.text)) {
        // Saved over meanwhile (a change from the API went first): what the file holds now
        // is the config, and its own file event follows.
        change = refused(409, QStringLiteral("%1 changed again while it was checked").arg(m_path));
    } else if (!checked.config) {
        // refused: the reason is in the change
    } else if (pending.dryRun || change.diff.isEmpty()) {
        if (pending.source == QLatin1String("file"))
            m_text = checked.text; // formatting only
    } else if (pending.source == QLatin1String("api") && !save(m_path, checked.text, &error)) {
        change = refused(500, QStringLiteral("cannot save %1: %2").arg(m_path, error));
    } else {
        m_text = checked.text;
        m_document = checked.document;
        if (m_apply)
            change.restartRequired = m_apply(*checked.config);
        change.applied = true;
        lg().info("config changed ({}): {} difference(s){}", pending.source, change.diff.size(),
                  change.restartRequired.isEmpty() ? QString() : QStringLiteral("; restart to apply ") + change.restartRequired.join(QStringLiteral(", ")));
        for (const Issue &w : change.warnings)
            lg().warn("config: {}", w.text());
        Q_EMIT changed(change.diff, pending.source);
    }
    pending.done(std::move(change));
    checkNext();
}

void ConfigStore::onFileEvent()
{
    m_debounce.start();
}

void ConfigStore::reloadFromDisk()
{
    rewatch(); // a rename (atomic save) drops the watch on the old file
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return; // mid-rename, or deleted: keep running on what we have
    const QByteArray text = file.readAll();
    if (text == m_text || text == m_rejectedText)
        return; // our own save, nothing new, or a broken edit already reported
    enqueue({text, std::nullopt, {}, false, QStringLiteral("file"), [this, text](const ConfigChange &change) {
                 if (change.status == 503)
                     m_debounce.start(); // read it again when the changes ahead are through
                 if (change.ok() || change.status == 409 || change.status == 503)
                     return; // applied, superseded, or read again
                 m_rejectedText = text;
                 lg().error("the edited config was not applied (still running the previous one): {}", change.error);
                 Q_EMIT rejected(change.error);
             }});
}

void ConfigStore::rewatch()
{
    if (!m_watcher.files().contains(m_path) && QFileInfo::exists(m_path))
        m_watcher.addPath(m_path);
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!m_watcher.directories().contains(dir))
        m_watcher.addPath(dir);
}

} // namespace sy::config
