#include "store/configstore.h"

#include "protocol/apierror.h"

#include "store/configdiff.h"
#include "store/configfile.h"
#include "store/launchcheck.h"
#include "util/log.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

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

} // namespace

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

ConfigChange ConfigStore::replace(const QByteArray &text, const QByteArray &ifMatch, bool dryRun)
{
    if (!ifMatch.isEmpty() && ifMatch != "*" && ifMatch != etag())
        return refused(412, QStringLiteral("the config changed since it was read (If-Match %1, now %2): read it again")
                                .arg(protocol::loggable(ifMatch, 80), QString::fromUtf8(etag())));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return refused(400, QStringLiteral("the config is not valid JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
    if (!doc.isObject())
        return refused(400, QStringLiteral("the config must be a JSON object"));
    return accept(doc.object(), text, dryRun, QStringLiteral("api"));
}

ConfigChange ConfigStore::replaceMember(const QString &key, const QJsonValue &value, bool dryRun)
{
    QJsonObject document = m_document;
    document.insert(key, value);
    return accept(document, QJsonDocument(document).toJson(QJsonDocument::Indented), dryRun, QStringLiteral("api"));
}

ConfigChange ConfigStore::accept(const QJsonObject &document, const QByteArray &text, bool dryRun, const QString &source)
{
    if (std::optional<Issue> duplicate = duplicateKeyIssue(text))
        return refused(400, QStringLiteral("the config is invalid:\n%1").arg(duplicate->text()), {*duplicate});
    ParseResult parsed = parse(document, m_implicit);
    if (!parsed.ok()) {
        const QString message = QStringLiteral("the config is invalid:\n%1").arg(parsed.errorText());
        return refused(400, message, std::move(parsed.errors));
    }
    Config config = std::move(*parsed.config);
    ConfigChange change;
    change.warnings = launchWarnings(config); // before the demo (our own program) is added
    QString error;
    if (!m_prepare(config, &error))
        return refused(400, error);

    change.diff = diffDocuments(m_document, document);
    if (dryRun || change.diff.isEmpty()) {
        if (source == QLatin1String("file"))
            m_text = text; // formatting only
        return change;
    }
    if (source == QLatin1String("api") && !save(m_path, text, &error))
        return refused(500, QStringLiteral("cannot save %1: %2").arg(m_path, error));
    m_text = text;
    m_document = document;
    if (m_apply)
        change.restartRequired = m_apply(config);
    change.applied = true;
    lg().info("config changed ({}): {} difference(s){}", source, change.diff.size(),
              change.restartRequired.isEmpty() ? QString() : QStringLiteral("; restart to apply ") + change.restartRequired.join(QStringLiteral(", ")));
    for (const Issue &w : change.warnings)
        lg().warn("config: {}", w.text());
    Q_EMIT changed(change.diff, source);
    return change;
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
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    QString error;
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        error = QStringLiteral("%1 is not a valid JSON object (%2 at offset %3)").arg(m_path, parseError.errorString()).arg(parseError.offset);
    } else {
        const ConfigChange change = accept(doc.object(), text, false, QStringLiteral("file"));
        if (change.ok())
            return;
        error = change.error;
    }
    m_rejectedText = text;
    lg().error("the edited config was not applied (still running the previous one): {}", error);
    Q_EMIT rejected(error);
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
