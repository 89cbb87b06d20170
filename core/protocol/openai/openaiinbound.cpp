#include "protocol/openai/openaiinbound.h"

#include "api/dispatcher.h"
#include "http/httpexchange.h"
#include "protocol/anthropic/anthropicinbound.h"
#include "protocol/gemini/geminiinbound.h"
#include "routing/canonicalserve.h"
#include "routing/listedmodels.h"
#include "routing/proxycall.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sy::protocol::openai {

void OpenAiInbound::registerRoutes(api::Dispatcher &dispatcher)
{
    dispatcher.add("POST", "/v1/chat/completions",
                   [this](http::HttpExchange *e, const api::PathParams &) { handleProxy(e, Endpoint::ChatCompletions); });
    dispatcher.add("POST", "/v1/completions",
                   [this](http::HttpExchange *e, const api::PathParams &) { handleProxy(e, Endpoint::Completions); });
    dispatcher.add("POST", "/v1/embeddings",
                   [this](http::HttpExchange *e, const api::PathParams &) { handleProxy(e, Endpoint::Embeddings); });
    dispatcher.add("GET", "/v1/models", [this](http::HttpExchange *e, const api::PathParams &) { handleModels(e); });
    dispatcher.add("GET", "/v1/models/{rest...}", [this](http::HttpExchange *e, const api::PathParams &p) { handleModel(e, p.value("rest")); });
    // Some clients leave out the /v1.
    dispatcher.add("POST", "/chat/completions",
                   [this](http::HttpExchange *e, const api::PathParams &) { handleProxy(e, Endpoint::ChatCompletions); });
    dispatcher.add("GET", "/models", [this](http::HttpExchange *e, const api::PathParams &) { handleModels(e); });
}

void OpenAiInbound::handleProxy(http::HttpExchange *exchange, Endpoint endpoint)
{
    static const QByteArray kNames[] = {"chat", "completions", "embeddings"};
    serve(m_services, exchange, exchange->body(), endpoint, kNames[int(endpoint)]);
}

void serve(const routing::ProxyServices &services, http::HttpExchange *exchange, QByteArray body, Endpoint endpoint,
           QByteArray endpointName)
{
    RequestScan scan = scanRequest(body, endpoint);
    if (!scan.ok) {
        exchange->respondError(makeError(ErrorKind::InvalidRequest, scan.error, {}, scan.errorParam));
        return;
    }
    routing::InboundCall call;
    call.inbound = Protocol::OpenAI;
    call.endpointName = std::move(endpointName);
    call.endpoint = endpoint;
    call.body = std::move(body);
    call.requestedModel = scan.model;
    call.stream = scan.stream;
    call.requestId = exchange->requestId();
    call.routing = routingRequest(exchange->request().headers, scan, endpoint);
    call.wantTrace = exchange->request().headers.value("x-switchyard-trace") == "1";
    call.scan = std::move(scan);
    routing::ProxyCall::start(services, exchange, std::move(call));
}

routing::RoutingRequest routingRequest(const http::Headers &headers, const RequestScan &scan, Endpoint endpoint)
{
    routing::RoutingRequest r;
    r.model = scan.model;
    routing::readRoutingHeaders(headers, r);
    r.requiredCaps = routing::requiredCapabilities(scan.hasImages, scan.hasTools, scan.responseFormat, endpoint == Endpoint::Embeddings);
    r.promptTokens = scan.estimatedPromptTokens();
    r.promptText = scan.lastUserText;
    return r;
}

void OpenAiInbound::handleModel(http::HttpExchange *exchange, const QByteArray &id)
{
    if (gemini::isGeminiClient(exchange->request())) {
        gemini::respondModel(m_services, exchange, id);
        return;
    }
    for (const routing::ListedModel &m : routing::listedModels(m_services)) {
        if (m.id == id) {
            const QJsonObject model{{QStringLiteral("id"), QString::fromUtf8(m.id)},
                                    {QStringLiteral("object"), QStringLiteral("model")},
                                    {QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()},
                                    {QStringLiteral("owned_by"), QString::fromUtf8(m.owner)}};
            exchange->respondJson(200, QJsonDocument(model).toJson(QJsonDocument::Compact));
            return;
        }
    }
    exchange->respondError(makeError(ErrorKind::NotFound, QStringLiteral("The model `%1` does not exist").arg(QString::fromUtf8(id)), "model_not_found"));
}

void OpenAiInbound::handleModels(http::HttpExchange *exchange)
{
    // Anthropic's and Gemini's SDKs list models here too.
    if (!exchange->request().headers.value("anthropic-version").isEmpty()) {
        anthropic::respondModels(m_services, exchange);
        return;
    }
    if (gemini::isGeminiClient(exchange->request())) {
        gemini::respondModels(m_services, exchange);
        return;
    }
    static const qint64 created = QDateTime::currentSecsSinceEpoch();
    QJsonArray data;
    for (const routing::ListedModel &m : routing::listedModels(m_services))
        data.append(QJsonObject{{QStringLiteral("id"), QString::fromUtf8(m.id)},
                                {QStringLiteral("object"), QStringLiteral("model")},
                                {QStringLiteral("created"), created},
                                {QStringLiteral("owned_by"), QString::fromUtf8(m.owner)}});
    const QJsonObject root{{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), data}};
    exchange->respondJson(200, QJsonDocument(root).toJson(QJsonDocument::Compact));
}

} // namespace sy::protocol::openai
