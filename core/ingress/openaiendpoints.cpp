#include "ingress/openaiendpoints.h"

#include "http/httpexchange.h"
#include "http/pathrouter.h"
#include "ingress/anthropicendpoints.h"
#include "ingress/geminiendpoints.h"
#include "ingress/ingress.h"
#include "routing/listedmodels.h"
#include "routing/proxyservices.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sy::ingress {
namespace {

using protocol::openai::Endpoint;

QJsonObject modelJson(const routing::ListedModel &m, qint64 created)
{
    return {{QStringLiteral("id"), QString::fromUtf8(m.id)},
            {QStringLiteral("object"), QStringLiteral("model")},
            {QStringLiteral("created"), created},
            {QStringLiteral("owned_by"), QString::fromUtf8(m.owner)}};
}

void respondModel(const routing::ProxyServices &services, http::HttpExchange *exchange, const QByteArray &id)
{
    if (isGeminiClient(exchange->request())) {
        respondGeminiModel(services, exchange, id);
        return;
    }
    for (const routing::ListedModel &m : routing::listedModels(services)) {
        if (m.id == id) {
            exchange->respondJson(200, QJsonDocument(modelJson(m, QDateTime::currentSecsSinceEpoch())).toJson(QJsonDocument::Compact));
            return;
        }
    }
    exchange->respondError(protocol::makeError(protocol::ErrorKind::NotFound,
                                               QStringLiteral("The model `%1` does not exist").arg(protocol::excerpt(id)),
                                               "model_not_found"));
}

void respondModels(const routing::ProxyServices &services, http::HttpExchange *exchange)
{
    // Anthropic's and Gemini's SDKs list models here too.
    if (!exchange->request().headers.value("anthropic-version").isEmpty()) {
        respondAnthropicModels(services, exchange);
        return;
    }
    if (isGeminiClient(exchange->request())) {
        respondGeminiModels(services, exchange);
        return;
    }
    static const qint64 created = QDateTime::currentSecsSinceEpoch();
    QJsonArray data;
    for (const routing::ListedModel &m : routing::listedModels(services))
        data.append(modelJson(m, created));
    const QJsonObject root{{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), data}};
    exchange->respondJson(200, QJsonDocument(root).toJson(QJsonDocument::Compact));
}

} // namespace

void addOpenAiEndpoints(http::PathRouter &router, const Ingress &ingress)
{
    auto routed = [&ingress](Endpoint endpoint, QByteArray name) {
        return [&ingress, endpoint, name](http::HttpExchange *e, const http::PathParams &) {
            ingress.serveOpenAi(e, e->body(), endpoint, name);
        };
    };
    router.add("POST", "/v1/chat/completions", routed(Endpoint::ChatCompletions, "chat"));
    router.add("POST", "/v1/completions", routed(Endpoint::Completions, "completions"));
    router.add("POST", "/v1/embeddings", routed(Endpoint::Embeddings, "embeddings"));
    // Reranking (Jina's and Cohere's shape, which llama-server and vLLM serve): under every
    // path those servers and clients use.
    for (const char *path : {"/v1/rerank", "/v2/rerank", "/rerank", "/v1/reranking", "/reranking"})
        router.add("POST", path, routed(Endpoint::Rerank, "rerank"));
    // Some clients leave out the /v1.
    router.add("POST", "/chat/completions", routed(Endpoint::ChatCompletions, "chat"));
    const routing::ProxyServices &services = ingress.services();
    router.add("GET", "/v1/models", [&services](http::HttpExchange *e, const http::PathParams &) { respondModels(services, e); });
    router.add("GET", "/models", [&services](http::HttpExchange *e, const http::PathParams &) { respondModels(services, e); });
    router.add("GET", "/v1/models/{rest...}",
               [&services](http::HttpExchange *e, const http::PathParams &p) { respondModel(services, e, p.value("rest")); });
}

} // namespace sy::ingress
