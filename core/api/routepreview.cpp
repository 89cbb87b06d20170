#include "api/routepreview.h"

#include "api/routehelpers.h"
#include "http/httpexchange.h"
#include "protocol/openai/openaiinbound.h"
#include "routing/attemptbuilder.h"
#include "routing/proxyservices.h"

#include <QDateTime>
#include <QJsonArray>

namespace sy::api {
namespace {

using protocol::openai::Endpoint;

bool parseEndpoint(const QString &name, Endpoint *out)
{
    static const std::pair<const char *, Endpoint> kNames[] = {
        {"chat", Endpoint::ChatCompletions},       {"/v1/chat/completions", Endpoint::ChatCompletions},
        {"completions", Endpoint::Completions},    {"/v1/completions", Endpoint::Completions},
        {"embeddings", Endpoint::Embeddings},      {"/v1/embeddings", Endpoint::Embeddings},
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
    return ApiResult::error(protocol::ErrorKind::InvalidRequest, message, std::move(code));
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

} // namespace

ApiResult previewRoute(const routing::ProxyServices &services, const http::HttpExchange *exchange)
{
    QJsonObject body;
    ApiResult error;
    if (!readJsonObject(exchange, &body, &error))
        return error;

    QJsonObject request = body;
    http::Headers headers = exchange->request().headers;
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
            return invalid(QStringLiteral("\"endpoint\" must be chat, completions or embeddings"));
    }

    const QByteArray json = protocol::openai::padForScan(QJsonDocument(request).toJson(QJsonDocument::Compact));
    const protocol::openai::RequestScan scan = protocol::openai::scanRequest(json, endpoint);
    if (!scan.ok)
        return invalid(QStringLiteral("the request would be refused: %1").arg(scan.error), "invalid_request");
    const routing::RoutingRequest routing = protocol::openai::routingRequest(headers, scan, endpoint);
    const routing::RouteDecision decision = services.router->route(*services.table, routing, QDateTime::currentMSecsSinceEpoch());

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

} // namespace sy::api
