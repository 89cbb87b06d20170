#include "protocol/openai/openaiinbound.h"

#include "api/dispatcher.h"
#include "http/httpexchange.h"
#include "routing/nameresolver.h"
#include "pool/modelpool.h"
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
    // Some clients leave out the /v1.
    dispatcher.add("POST", "/chat/completions",
                   [this](http::HttpExchange *e, const api::PathParams &) { handleProxy(e, Endpoint::ChatCompletions); });
    dispatcher.add("GET", "/models", [this](http::HttpExchange *e, const api::PathParams &) { handleModels(e); });
}

void OpenAiInbound::handleProxy(http::HttpExchange *exchange, Endpoint endpoint)
{
    RequestScan scan = scanRequest(exchange->body(), endpoint);
    if (!scan.ok) {
        exchange->respondError(makeError(ErrorKind::InvalidRequest, scan.error, {}, scan.errorParam));
        return;
    }
    routing::RouteDecision decision = routing::resolveName(*m_services.table, scan.model);
    if (!decision.ok()) {
        exchange->addResponseHeader("X-Switchyard-Route", routing::routeModeName(decision.mode));
        exchange->respondError(decision.error);
        return;
    }
    routing::ProxyCall::start(m_services, exchange, {endpoint, std::move(scan), exchange->requestId()},
                              std::move(decision));
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
    // What Ollama backends have, under their prefix, so IDE model pickers offer them.
    for (const pool::OllamaMonitor *monitor : m_services.pool->ollama()) {
        for (const pool::OllamaModel &m : monitor->models())
            add(monitor->idFor(m.name).toUtf8(), monitor->backendId().toUtf8());
    }
    const QJsonObject root{{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), data}};
    exchange->respondJson(200, QJsonDocument(root).toJson(QJsonDocument::Compact));
}

} // namespace sy::protocol::openai
