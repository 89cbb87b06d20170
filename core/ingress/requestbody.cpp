#include "ingress/requestbody.h"

#include "http/httpexchange.h"

#include <QJsonDocument>

namespace sy::ingress {

using namespace protocol;

std::optional<QJsonObject> readJsonBody(http::HttpExchange *exchange)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(exchange->body(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        exchange->respondError(makeError(ErrorKind::InvalidRequest,
                                         error.error != QJsonParseError::NoError
                                             ? QStringLiteral("the body is not valid JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset)
                                             : QStringLiteral("the body must be a JSON object")));
        return std::nullopt;
    }
    return doc.object();
}

std::shared_ptr<Request> readRequest(http::HttpExchange *exchange, Protocol protocol, Flavor flavor)
{
    const std::optional<QJsonObject> body = readJsonBody(exchange);
    if (!body)
        return nullptr;
    auto request = std::make_shared<Request>();
    QString error;
    if (!codecFor(protocol).parseRequest(*body, flavor, *request, &error)) {
        exchange->respondError(makeError(ErrorKind::InvalidRequest, error));
        return nullptr;
    }
    return request;
}

} // namespace sy::ingress
