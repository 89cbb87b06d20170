#include "api/decomposeroute.h"

#include "api/routehelpers.h"
#include "routing/decompose.h"
#include "routing/proxyservices.h"

#include <QDateTime>
#include <QJsonArray>
#include <cmath>

namespace sy::api {
namespace {

constexpr qsizetype kMaxPromptChars = 256 * 1024;

// The text of the last user message (string content, or its text parts).
QString lastUserText(const QJsonArray &messages)
{
    for (auto it = messages.end(); it != messages.begin();) {
        const QJsonObject m = (--it)->toObject();
        if (m.value(QLatin1String("role")).toString() != QLatin1String("user"))
            continue;
        const QJsonValue content = m.value(QLatin1String("content"));
        if (content.isString())
            return content.toString();
        QStringList texts;
        for (const QJsonValue &part : content.toArray()) {
            if (part.toObject().value(QLatin1String("type")).toString() == QLatin1String("text"))
                texts << part.toObject().value(QLatin1String("text")).toString();
        }
        return texts.join(QLatin1Char('\n'));
    }
    return {};
}

QJsonObject scoresJson(const routing::TaskScores &scores)
{
    QJsonObject out;
    for (int t = 0; t < routing::kTaskTypes; ++t)
        out.insert(QLatin1String(routing::taskName(routing::TaskType(t))), std::round(scores.score[std::size_t(t)] * 1000) / 1000);
    return out;
}

ApiResult invalid(const QString &message)
{
    return ApiResult::error(protocol::ErrorKind::InvalidRequest, message, "invalid_request");
}

} // namespace

ApiResult decomposeRequest(const routing::ProxyServices &services, const http::HttpExchange *exchange)
{
    QJsonObject body;
    ApiResult error;
    if (!readJsonObject(exchange, &body, &error))
        return error;
    QString prompt;
    if (body.value(QLatin1String("prompt")).isString())
        prompt = body.value(QLatin1String("prompt")).toString();
    else if (body.value(QLatin1String("messages")).isArray())
        prompt = lastUserText(body.value(QLatin1String("messages")).toArray());
    else
        return invalid(QStringLiteral("send \"prompt\" (a string) or \"messages\" (an array with a user message)"));
    if (prompt.trimmed().isEmpty())
        return invalid(QStringLiteral("there is no text to decompose"));
    if (prompt.size() > kMaxPromptChars)
        return invalid(QStringLiteral("the prompt is longer than %1 characters").arg(kMaxPromptChars));
    const QJsonValue agentClass = body.value(QLatin1String("agent_class"));
    if (!agentClass.isUndefined() && !agentClass.isString())
        return invalid(QStringLiteral("agent_class must be a string"));

    const routing::Decomposition d = routing::decompose(prompt);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QJsonArray subtasks;
    for (const routing::Subtask &s : d.subtasks) {
        // Which model would take it: the agent's choice if one is named, else "auto".
        routing::RoutingRequest request;
        request.model = agentClass.isString() ? "agent:" + agentClass.toString().toUtf8() : QByteArray("auto");
        request.promptText = s.text.toUtf8();
        request.promptTokens = request.promptText.size() / 4 + 1;
        const routing::RouteDecision decision = services.router->route(*services.table, request, now);
        QJsonArray dependsOn;
        for (int dep : s.dependsOn)
            dependsOn.append(dep);
        subtasks.append(QJsonObject{
            {QStringLiteral("id"), s.id},
            {QStringLiteral("text"), s.text},
            {QStringLiteral("taskType"), QLatin1String(routing::taskName(s.task.primary))},
            {QStringLiteral("taskScores"), scoresJson(s.task)},
            {QStringLiteral("complexity"), s.complexity},
            {QStringLiteral("dependsOn"), dependsOn},
            {QStringLiteral("model"), decision.ok() ? QJsonValue(QString::fromUtf8(decision.chain.front().label)) : QJsonValue(QJsonValue::Null)},
        });
    }
    QJsonArray stages;
    for (const std::vector<int> &stage : d.stages) {
        QJsonArray ids;
        for (int id : stage)
            ids.append(id);
        stages.append(ids);
    }
    QJsonObject out{{QStringLiteral("strategy"), QLatin1String(routing::strategyName(d.strategy))},
                    {QStringLiteral("complexity"), d.complexity},
                    {QStringLiteral("source"), d.source},
                    {QStringLiteral("subtasks"), subtasks},
                    {QStringLiteral("stages"), stages}};
    if (!d.context.isEmpty())
        out.insert(QStringLiteral("context"), d.context);
    return ApiResult::ok(out);
}

} // namespace sy::api
