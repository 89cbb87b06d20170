#include "ingress/anthropicendpoints.h"

#include "http/httpexchange.h"
#include "http/pathrouter.h"
#include "ingress/ingress.h"
#include "ingress/requestbody.h"
#include "routing/listedmodels.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sy::ingress {

void addAnthropicEndpoints(http::PathRouter &router, const Ingress &ingress)
{
    using protocol::Flavor;
    using protocol::Protocol;
    router.add("POST", "/v1/messages", [&ingress](http::HttpExchange *exchange, const http::PathParams &) {
        readRequest(exchange, Protocol::Anthropic, Flavor::Chat, [&ingress, exchange](std::shared_ptr<protocol::Request> request) {
            ingress.serveCanonical(exchange, std::move(request), {Protocol::Anthropic, Flavor::Chat, "messages", false});
        });
    });
    router.add("POST", "/v1/messages/count_tokens", [](http::HttpExchange *exchange, const http::PathParams &) {
        readRequest(exchange, Protocol::Anthropic, Flavor::Chat, [exchange](std::shared_ptr<protocol::Request> request) {
            exchange->respondJson(200, QJsonDocument(QJsonObject{{QStringLiteral("input_tokens"), request->estimatedTokens()}})
                                           .toJson(QJsonDocument::Compact));
        });
    });
}

void respondAnthropicModels(const routing::ProxyServices &services, http::HttpExchange *exchange)
{
    QJsonArray data;
    for (const routing::ListedModel &m : routing::listedModels(services))
        data.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("model")},
                                {QStringLiteral("id"), QString::fromUtf8(m.id)},
                                {QStringLiteral("display_name"), QString::fromUtf8(m.id)},
                                {QStringLiteral("created_at"), QStringLiteral("2026-01-01T00:00:00Z")}});
    const QJsonObject root{{QStringLiteral("data"), data},
                           {QStringLiteral("has_more"), false},
                           {QStringLiteral("first_id"), data.isEmpty() ? QJsonValue() : data.first().toObject().value(QLatin1String("id"))},
                           {QStringLiteral("last_id"), data.isEmpty() ? QJsonValue() : data.last().toObject().value(QLatin1String("id"))}};
    exchange->respondJson(200, QJsonDocument(root).toJson(QJsonDocument::Compact));
}

} // namespace sy::ingress
