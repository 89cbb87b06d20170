#include "protocol/anthropic/anthropicinbound.h"

#include "api/dispatcher.h"
#include "http/httpexchange.h"
#include "protocol/inboundbody.h"
#include "routing/canonicalserve.h"
#include "routing/listedmodels.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sy::protocol::anthropic {

void registerRoutes(api::Dispatcher &dispatcher, const routing::ProxyServices &services)
{
    dispatcher.add("POST", "/v1/messages", [&services](http::HttpExchange *exchange, const api::PathParams &) {
        if (std::shared_ptr<Request> request = readRequest(exchange, Protocol::Anthropic, Flavor::Chat))
            routing::serveCanonical(services, exchange, std::move(request), {Protocol::Anthropic, Flavor::Chat, "messages", false});
    });
    dispatcher.add("POST", "/v1/messages/count_tokens", [](http::HttpExchange *exchange, const api::PathParams &) {
        if (std::shared_ptr<Request> request = readRequest(exchange, Protocol::Anthropic, Flavor::Chat))
            exchange->respondJson(200, QJsonDocument(QJsonObject{{QStringLiteral("input_tokens"), routing::estimateTokens(*request)}})
                                           .toJson(QJsonDocument::Compact));
    });
}

void respondModels(const routing::ProxyServices &services, http::HttpExchange *exchange)
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

} // namespace sy::protocol::anthropic
