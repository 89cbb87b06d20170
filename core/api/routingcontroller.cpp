#include "api/routingcontroller.h"

#include "api/apirequest.h"
#include "api/validators.h"
#include "ingress/inboundcalls.h"
#include "ingress/requestlimits.h"
#include "routing/attemptbuilder.h"
#include "routing/decompose.h"
#include "routing/proxyservices.h"

#include <QDateTime>
#include <QJsonArray>
#include <cmath>

namespace sy::api {
namespace {

using protocol::openai::Endpoint;

bool parseEndpoint(const QString &name, Endpoint *out)
{
    static const std::pair<const char *, Endpoint> kNames[] = {
        {"chat", Endpoint::ChatCompletions},       {"/v1/chat/completions", Endpoint::ChatCompletions},
        {"completions", Endpoint::Completions},    {"/v1/completions", Endpoint::Completions},
        {"embeddings", Endpoint::Embeddings},      {"/v1/embeddings", Endpoint::Embeddings},
        {"rerank", Endpoint::Rerank},              {"/v1/rerank", Endpoint::Rerank},
    };
    for (const auto &[text, endpoint] : kNames) {
        if (name == QLatin1String(text)) {
            *out = endpoint;
            return true;
        }
    }
    return false;
}

ApiResult invalid(const QString &message, QByteArray code = "invalid_preview")
{
    return invalidRequest(message, std::move(code));
}

QJsonObject candidateJson(const routing::ProxyServices &services, const routing::Candidate &c,
                          const protocol::openai::RequestScan &scan)
{
    const routing::RouteTable &table = *services.table;
    const routing::BackendEntry &backend = table.backends()[std::size_t(c.backend)];
    const routing::CandidateStatus status = services.router->status(c);
    return {{QStringLiteral("model"), QString::fromUtf8(c.label)},
            {QStringLiteral("backend"), QString::fromUtf8(backend.id)},
            {QStringLiteral("upstreamModel"), QString::fromUtf8(c.upstreamModel)},
            {QStringLiteral("managed"), backend.managed},
            {QStringLiteral("warm"), status.warm},
            {QStringLiteral("load"), status.load},
            {QStringLiteral("params"), routing::paramsJson(routing::mergedParams(table, c, [&scan](QByteArrayView key) { return scan.hasKey(key); }))}};
}

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

} // namespace

ApiResult RoutingController::preview(const ApiRequest &apiRequest) const
{
    const routing::ProxyServices &services = m_services;
    ApiResult error;
    const std::optional<QJsonObject> parsed = jsonObjectBody(apiRequest, &error);
    if (!parsed)
        return error;
    const QJsonObject &body = *parsed;

    QJsonObject request = body;
    http::Headers headers = apiRequest.head().headers;
    Endpoint endpoint = Endpoint::ChatCompletions;
    if (body.contains(QLatin1String("request"))) {
        if (!body.value(QLatin1String("request")).isObject())
            return invalid(QStringLiteral("\"request\" must be the request body, a JSON object"));
        request = body.value(QLatin1String("request")).toObject();
        headers = {};
        const QJsonValue given = body.value(QLatin1String("headers"));
        if (!given.isUndefined() && !given.isObject())
            return invalid(QStringLiteral("\"headers\" must be an object of header names to strings"));
        const QJsonObject headerObject = given.toObject();
        for (auto it = headerObject.begin(); it != headerObject.end(); ++it) {
            if (!it.value().isString())
                return invalid(QStringLiteral("header \"%1\" must be a string").arg(it.key()));
            headers.add(it.key().toUtf8(), it.value().toString().toUtf8());
        }
        const QJsonValue endpointName = body.value(QLatin1String("endpoint"));
        if (!endpointName.isUndefined() && !parseEndpoint(endpointName.toString(), &endpoint))
            return invalid(QStringLiteral("\"endpoint\" must be chat, completions, embeddings or rerank"));
    }

    const QByteArray json = protocol::openai::padForScan(QJsonDocument(request).toJson(QJsonDocument::Compact));
    const protocol::openai::RequestScan scan = protocol::openai::scanRequest(json, endpoint);
    if (!scan.ok)
        return invalid(QStringLiteral("the request would be refused: %1").arg(scan.error), "invalid_request");
    if (const std::optional<protocol::ApiError> refused = ingress::checkLimits(scan))
        return invalid(QStringLiteral("the request would be refused: %1").arg(refused->message), "invalid_request");
    http::RequestHead head;
    head.headers = headers;
    const routing::InboundCall call = ingress::openAiCall(head, json, scan, endpoint, "preview");
    const routing::RouteDecision decision = services.router->route(*services.table, call.routing, QDateTime::currentMSecsSinceEpoch());

    const int attempts = std::min(services.table->config().fallback.maxAttempts, int(decision.chain.size()));
    QJsonArray chain;
    for (const routing::Candidate &c : decision.chain)
        chain.append(candidateJson(services, c, scan));
    QJsonObject out{{QStringLiteral("ok"), decision.ok()},
                    {QStringLiteral("route"), QLatin1String(routing::routeModeName(decision.mode))},
                    {QStringLiteral("chain"), chain},
                    {QStringLiteral("attemptsAllowed"), attempts},
                    {QStringLiteral("trace"), routing::traceJson(decision)}};
    if (!decision.ok()) {
        out.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("status"), decision.error.status()},
                                                        {QStringLiteral("code"), QString::fromUtf8(decision.error.code)},
                                                        {QStringLiteral("message"), decision.error.message}});
    }
    return ApiResult::ok(out);
}

ApiResult RoutingController::decompose(const ApiRequest &request) const
{
    const routing::ProxyServices &services = m_services;
    ApiResult error;
    const std::optional<QJsonObject> parsed = jsonObjectBody(request, &error);
    if (!parsed)
        return error;
    const QJsonObject &body = *parsed;
    QString prompt;
    if (body.value(QLatin1String("prompt")).isString())
        prompt = body.value(QLatin1String("prompt")).toString();
    else if (body.value(QLatin1String("messages")).isArray())
        prompt = lastUserText(body.value(QLatin1String("messages")).toArray());
    else
        return invalidRequest(QStringLiteral("send \"prompt\" (a string) or \"messages\" (an array with a user message)"));
    if (prompt.trimmed().isEmpty())
        return invalidRequest(QStringLiteral("there is no text to decompose"));
    if (prompt.size() > kMaxPromptChars)
        return invalidRequest(QStringLiteral("the prompt is longer than %1 characters").arg(kMaxPromptChars));
    const QJsonValue agentClass = body.value(QLatin1String("agent_class"));
    if (!agentClass.isUndefined() && !agentClass.isString())
        return invalidRequest(QStringLiteral("agent_class must be a string"));

    const routing::Decomposition d = routing::decompose(prompt);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QJsonArray subtasks;
    for (const routing::Subtask &s : d.subtasks) {
        // Which model would take it: the agent's choice if one is named, else "auto".
        routing::RoutingRequest routingRequest;
        routingRequest.model = agentClass.isString() ? "agent:" + agentClass.toString().toUtf8() : QByteArray("auto");
        routingRequest.promptText = s.text.toUtf8();
        routingRequest.promptTokens = routingRequest.promptText.size() / 4 + 1;
        const routing::RouteDecision decision = services.router->route(*services.table, routingRequest, now);
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
