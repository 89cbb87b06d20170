#include "ingress/requestbody.h"

#include "http/httpexchange.h"
#include "ingress/requestlimits.h"
#include "protocol/openai/requestscan.h"
#include "util/offthread.h"

#include <QJsonDocument>
#include <QPointer>

namespace sy::ingress {
namespace {

using protocol::ErrorKind;
using protocol::makeError;

protocol::ApiError invalidJson(const QJsonParseError &error)
{
    return makeError(ErrorKind::InvalidRequest,
                     error.error != QJsonParseError::NoError
                         ? QStringLiteral("the body is not valid JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset)
                         : QStringLiteral("the body must be a JSON object"),
                     "invalid_json");
}

} // namespace

std::optional<QJsonObject> readJsonBody(http::HttpExchange *exchange)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(exchange->body(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject() || !protocol::openai::isValidJson(exchange->body())) {
        exchange->respondError(error.error == QJsonParseError::NoError && doc.isObject()
                                   ? makeError(ErrorKind::InvalidRequest, QStringLiteral("the body is not valid JSON (control "
                                                                                         "characters or unpaired surrogates in a string)"),
                                               "invalid_json")
                                   : invalidJson(error));
        return std::nullopt;
    }
    return doc.object();
}

ParsedRequest parseRequestBody(const QByteArray &body, protocol::Protocol protocol, protocol::Flavor flavor)
{
    ParsedRequest out;
    if (!protocol::openai::isValidJson(body)) {
        out.error = makeError(ErrorKind::InvalidRequest,
                              QStringLiteral("the body is not valid JSON (or holds control characters or unpaired surrogates in a string)"),
                              "invalid_json");
        return out;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        out.error = invalidJson(parseError);
        return out;
    }
    auto request = std::make_shared<protocol::Request>();
    QString error;
    if (!protocol::codecFor(protocol).parseRequest(doc.object(), flavor, *request, &error)) {
        out.error = makeError(ErrorKind::InvalidRequest, error);
        return out;
    }
    if (const std::optional<protocol::ApiError> refused = checkLimits(*request)) {
        out.error = *refused;
        return out;
    }
    out.request = std::move(request);
    return out;
}

void readRequest(http::HttpExchange *exchange, protocol::Protocol protocol, protocol::Flavor flavor,
                 std::function<void(std::shared_ptr<protocol::Request>)> then)
{
    auto deliver = [then = std::move(then)](http::HttpExchange *exchange, ParsedRequest parsed) {
        if (!parsed.request)
            exchange->respondError(parsed.error);
        else
            then(std::move(parsed.request));
    };
    if (exchange->body().size() <= kOffThreadBodyBytes) {
        deliver(exchange, parseRequestBody(exchange->body(), protocol, flavor));
        return;
    }
    // Megabytes of JSON take a while: the core thread goes on serving meanwhile.
    auto parsed = runOffThread([body = exchange->body(), protocol, flavor] { return parseRequestBody(body, protocol, flavor); });
    parsed->onSet([exchange = QPointer<http::HttpExchange>(exchange), deliver = std::move(deliver)](ParsedRequest result) {
        if (exchange && !exchange->isClientGone())
            deliver(exchange, std::move(result));
    });
}

} // namespace sy::ingress
