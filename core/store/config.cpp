#include "store/config.h"

#include "store/configcheck.h"
#include "store/configreader.h"
#include "store/configsections.h"

#include "protocol/duplicatekeys.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace sy::config {

const char *protocolName(BackendProtocol protocol)
{
    switch (protocol) {
    case BackendProtocol::OpenAI: return "openai";
    case BackendProtocol::Anthropic: return "anthropic";
    case BackendProtocol::Gemini: return "gemini";
    case BackendProtocol::Ollama: return "ollama";
    case BackendProtocol::Responses: return "openai-responses";
    }
    return "openai";
}

const char *restartPolicyName(RestartPolicy policy)
{
    switch (policy) {
    case RestartPolicy::OnDemand: return "on-demand";
    case RestartPolicy::Always: return "always";
    case RestartPolicy::Never: return "never";
    }
    return "on-demand";
}

const BackendConfig *Config::backend(const QString &id) const
{
    for (const BackendConfig &b : backends) {
        if (b.id == id)
            return &b;
    }
    return nullptr;
}

const ModelConfig *Config::model(const QString &id) const
{
    for (const ModelConfig &m : models) {
        if (m.id == id)
            return &m;
    }
    return nullptr;
}

Issue Issue::of(QString path, const char *form, QStringList args)
{
    // One pass, so an argument that itself holds "%1" stays as written.
    const QString pattern = QString::fromUtf8(form);
    QString message;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const qsizetype n = i + 1 < pattern.size() ? pattern[i + 1].digitValue() : -1;
        if (pattern[i] == QLatin1Char('%') && n >= 1 && n <= args.size()) {
            message += args[n - 1];
            ++i;
        } else {
            message += pattern[i];
        }
    }
    return {std::move(path), std::move(message), pattern, std::move(args)};
}

QJsonObject Issue::toJson() const
{
    QJsonObject out{{QStringLiteral("path"), path}, {QStringLiteral("message"), message}};
    if (!form.isEmpty()) {
        out.insert(QStringLiteral("form"), form);
        out.insert(QStringLiteral("args"), QJsonArray::fromStringList(args));
    }
    return out;
}

namespace {

// A document with 200,000 faulty entries has as many issues: the first ones are what a
// person (or a client showing them) can act on; the rest are counted.
constexpr std::size_t kIssuesShown = 100;

template<typename Append>
void forShownIssues(const std::vector<Issue> &issues, Append append)
{
    for (std::size_t i = 0; i < issues.size() && i < kIssuesShown; ++i)
        append(issues[i]);
    if (issues.size() > kIssuesShown)
        append(Issue::of({}, QT_TRANSLATE_NOOP("ConfigMessages", "and %1 more"), {QString::number(issues.size() - kIssuesShown)}));
}

} // namespace

QJsonArray issuesJson(const std::vector<Issue> &issues)
{
    QJsonArray out;
    forShownIssues(issues, [&out](const Issue &issue) { out.append(issue.toJson()); });
    return out;
}

QString ParseResult::errorText() const
{
    QStringList lines;
    forShownIssues(errors, [&lines](const Issue &issue) { lines << issue.text(); });
    return lines.join(QLatin1Char('\n'));
}

ParseResult parse(const QJsonObject &document, const ImplicitModels &implicit)
{
    ConfigReader r;
    Config c;
    readSections(r, document, c);
    crossCheck(r, c, implicit ? implicit(c) : QStringList());
    ParseResult result;
    result.errors = std::move(r.errors);
    if (result.errors.empty())
        result.config = std::move(c);
    return result;
}

ParseResult parseText(const QByteArray &json, const ImplicitModels &implicit)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        // Report a line and column: nobody counts bytes in a config file.
        const QByteArray before = json.left(error.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = error.offset - (before.lastIndexOf('\n') + 1) + 1;
        ParseResult result;
        result.errors.push_back(Issue::of({}, QT_TRANSLATE_NOOP("ConfigMessages", "not valid JSON at line %1, column %2: %3"),
                                          {QString::number(line), QString::number(column), error.errorString()}));
        return result;
    }
    if (!doc.isObject()) {
        ParseResult result;
        result.errors.push_back(Issue::of({}, QT_TRANSLATE_NOOP("ConfigMessages", "the document must be a JSON object")));
        return result;
    }
    if (std::optional<Issue> duplicate = duplicateKeyIssue(json)) {
        ParseResult result;
        result.errors.push_back(std::move(*duplicate));
        return result;
    }
    return parse(doc.object(), implicit);
}

std::optional<Issue> duplicateKeyIssue(const QByteArray &json)
{
    const QString path = protocol::duplicateKeyPath(json);
    if (path.isEmpty())
        return std::nullopt;
    return Issue::of(path, QT_TRANSLATE_NOOP("ConfigMessages", "is given more than once in its object (only one can count)"));
}

QByteArray clientKeyHash(QByteArrayView key)
{
    return "sha256:" + QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex();
}

} // namespace sy::config
