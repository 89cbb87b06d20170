#include "ingress/geminiendpoints.h"

#include "http/httpexchange.h"
#include "http/pathrouter.h"
#include "ingress/ingress.h"
#include "ingress/requestbody.h"
#include "ingress/requestlimits.h"
#include "protocol/gemini/geminicodec.h"
#include "routing/listedmodels.h"
#include "routing/proxyservices.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sy::ingress {

using protocol::ErrorKind;
using protocol::Flavor;
using protocol::Protocol;
using protocol::Request;
using protocol::makeError;
namespace {

QJsonObject modelJson(const routing::ListedModel &m, const routing::RouteTable &table)
{
    const int context = m.model >= 0 ? table.models()[std::size_t(m.model)].contextTokens : 0;
    return {{QStringLiteral("name"), QStringLiteral("models/") + QString::fromUtf8(m.id)},
            {QStringLiteral("baseModelId"), QString::fromUtf8(m.id)},
            {QStringLiteral("version"), QStringLiteral("001")},
            {QStringLiteral("displayName"), QString::fromUtf8(m.id)},
            {QStringLiteral("description"), m.pseudo ? QStringLiteral("Switchyard routing policy") : QStringLiteral("served by ") + QString::fromUtf8(m.owner)},
            {QStringLiteral("inputTokenLimit"), context > 0 ? context : 32768},
            {QStringLiteral("outputTokenLimit"), 8192},
            {QStringLiteral("supportedGenerationMethods"),
             QJsonArray{QStringLiteral("generateContent"), QStringLiteral("streamGenerateContent"), QStringLiteral("countTokens")}}};
}

void respondJson(http::HttpExchange *exchange, const QJsonObject &body)
{
    exchange->respondJson(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

// "gemini-2.0-flash:generateContent" -> model and method (the model may hold colons itself).
bool splitModelMethod(const QByteArray &rest, QString *model, QByteArray *method)
{
    const qsizetype colon = rest.lastIndexOf(':');
    if (colon <= 0)
        return false;
    *model = QString::fromUtf8(rest.left(colon));
    *method = rest.mid(colon + 1);
    return true;
}

void generate(const Ingress &ingress, http::HttpExchange *exchange, const QString &model, bool stream)
{
    readRequest(exchange, Protocol::Gemini, Flavor::Chat, [&ingress, exchange, model, stream](std::shared_ptr<Request> request) {
        request->model = model;
        request->stream = stream;
        const bool sse = exchange->request().queryValue("alt") == "sse";
        ingress.serveCanonical(exchange, std::move(request),
                               {Protocol::Gemini, Flavor::Chat, stream ? "streamGenerateContent" : "generateContent", stream && !sse});
    });
}

void countTokens(http::HttpExchange *exchange)
{
    std::optional<QJsonObject> body = readJsonBody(exchange);
    if (!body)
        return;
    // Either the contents themselves or a whole generateContent request.
    QJsonObject generate = body->value(QLatin1String("generateContentRequest")).toObject();
    if (generate.isEmpty())
        generate = *body;
    Request request;
    QString error;
    if (!protocol::gemini::parseRequest(generate, Flavor::Chat, request, &error)) {
        exchange->respondError(makeError(ErrorKind::InvalidRequest, error));
        return;
    }
    respondJson(exchange, {{QStringLiteral("totalTokens"), request.estimatedTokens()}});
}

} // namespace

bool isGeminiClient(const http::RequestHead &request)
{
    return !request.headers.value("x-goog-api-key").isEmpty() || !request.queryValue("key").isEmpty() ||
           request.path.startsWith("/v1beta/");
}

void respondGeminiModels(const routing::ProxyServices &services, http::HttpExchange *exchange)
{
    QJsonArray models;
    for (const routing::ListedModel &m : routing::listedModels(services))
        models.append(modelJson(m, *services.table));
    respondJson(exchange, {{QStringLiteral("models"), models}});
}

void respondGeminiModel(const routing::ProxyServices &services, http::HttpExchange *exchange, const QByteArray &id)
{
    for (const routing::ListedModel &m : routing::listedModels(services)) {
        if (m.id == id) {
            respondJson(exchange, modelJson(m, *services.table));
            return;
        }
    }
    exchange->respondError(makeError(ErrorKind::NotFound, QStringLiteral("models/%1 is not found").arg(protocol::excerpt(id)), "model_not_found"));
}

void addGeminiEndpoints(http::PathRouter &router, const Ingress &ingress)
{
    // The Gemini API has a stable v1 next to v1beta; SDKs use either.
    for (const char *prefix : {"/v1beta", "/v1"}) {
        router.add("POST", QByteArray(prefix) + "/models/{rest...}", [&ingress](http::HttpExchange *exchange, const http::PathParams &params) {
            QString model;
            QByteArray method;
            if (!splitModelMethod(params.value("rest"), &model, &method)) {
                exchange->respondError(makeError(ErrorKind::NotFound, QStringLiteral("expected /models/{model}:{method}"), "unknown_url"));
                return;
            }
            if (const std::optional<protocol::ApiError> refused = checkModelName(model.toUtf8().size())) {
                exchange->respondError(*refused); // the name in the URL has the body's bound
                return;
            }
            if (method == "generateContent" || method == "streamGenerateContent")
                generate(ingress, exchange, model, method == "streamGenerateContent");
            else if (method == "countTokens")
                countTokens(exchange);
            else
                exchange->respondError(makeError(ErrorKind::NotFound, QStringLiteral("method \"%1\" is not supported (generateContent, "
                                                                                     "streamGenerateContent, countTokens)").arg(protocol::excerpt(method)),
                                                 "unknown_url"));
        });
    }
    const routing::ProxyServices &services = ingress.services();
    router.add("GET", "/v1beta/models", [&services](http::HttpExchange *exchange, const http::PathParams &) { respondGeminiModels(services, exchange); });
    router.add("GET", "/v1beta/models/{rest...}", [&services](http::HttpExchange *exchange, const http::PathParams &params) {
        respondGeminiModel(services, exchange, params.value("rest"));
    });
}

} // namespace sy::ingress
