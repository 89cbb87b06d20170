#include "protocol/openai/openaiinbound.h"

#include "api/dispatcher.h"
#include "http/httpexchange.h"
#include "routing/nameresolver.h"
#include "pool/modelpool.h"
#include "routing/proxycall.h"

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
    r.agentClass = headers.value("x-agent-class");
    r.role = headers.value("x-switchyard-role");
    r.product = headers.value("x-switchyard-product");
    r.mode = headers.value("x-switchyard-mode");
    r.requiredCaps = routing::requiredCapabilities(scan.hasImages, scan.hasTools, scan.responseFormat, endpoint == Endpoint::Embeddings);
    r.promptTokens = scan.estimatedPromptTokens();
    r.promptText = scan.lastUserText;
    return r;
}

void OpenAiInbound::handleModels(http::HttpExchange *exchange)
{
    const routing::RouteTable &table = *m_services.table;
    static const qint64 created = QDateTime::currentSecsSinceEpoch();
    QJsonArray data;
    auto add = [&](const QByteArray &id, const QByteArray &backend) {
        data.append(QJsonObject{{QStringLiteral("id"), QString::fromUtf8(id)},
                                {QStringLiteral("object"), QStringLiteral("model")},
                                {QStringLiteral("created"), created},
                                {QStringLiteral("owned_by"), QString::fromUtf8(backend)}});
    };
    for (const routing::ModelEntry &m : table.models())
        add(m.id, table.backends()[std::size_t(m.backend)].id);
    for (auto it = table.aliases().begin(); it != table.aliases().end(); ++it)
        add(it.key(), table.backends()[std::size_t(table.models()[std::size_t(it.value())].backend)].id);
    for (const routing::BackendEntry &b : table.backends()) {
        for (auto it = b.modelMapping.begin(); it != b.modelMapping.end(); ++it)
            add(it.key(), b.id);
    }
    // The pseudo-models the router understands.
    add("auto", "switchyard");
    for (const auto &[name, agent] : table.config().agents)
        add("agent:" + name.toUtf8(), "switchyard");
    for (const auto &[role, products] : table.config().pools) {
        for (const auto &[product, models] : products)
            add("role:" + role.toUtf8() + '/' + product.toUtf8(), "switchyard");
    }
    for (const auto &[name, mode] : table.config().modes)
        add("mode:" + name.toUtf8(), "switchyard");
    for (auto it = table.balanceSets().begin(); it != table.balanceSets().end(); ++it)
        add(it.key(), "switchyard");
    // What Ollama backends have, under their prefix, so IDE model pickers offer them.
    for (const pool::OllamaMonitor *monitor : m_services.pool->ollama()) {
        for (const pool::OllamaModel &m : monitor->models())
            add(monitor->idFor(m.name).toUtf8(), monitor->backendId().toUtf8());
    }
    const QJsonObject root{{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), data}};
    exchange->respondJson(200, QJsonDocument(root).toJson(QJsonDocument::Compact));
}

} // namespace sy::protocol::openai
