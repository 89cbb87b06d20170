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

// A body that is no object or array at all (`42`, `null`, `hello`) is told it must be an
// object; the parsers would call a valid scalar invalid JSON.
bool startsAsContainer(const QByteArray &body)
{
    const QByteArray start = body.trimmed().left(1);
    return start.isEmpty() || start == "{" || start == "[";
}

protocol::ApiError mustBeObject()
{
    return makeError(ErrorKind::InvalidRequest, QStringLiteral("the body must be a JSON object"), "invalid_json");
}

protocol::ApiError invalidJson(const QByteArray &body, const QJsonParseError &error)
{
    if (error.error == QJsonParseError::NoError || !startsAsContainer(body))
        return mustBeObject();
    return makeError(ErrorKind::InvalidRequest,
                     QStringLiteral("the body is not valid JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset), "invalid_json");
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
                                   : invalidJson(exchange->body(), error));
        return std::nullopt;
    }
    return doc.object();
}

namespace {

struct ParsedObject {
    QJsonObject object;
    std::optional<protocol::ApiError> error;
};

// Strict validation (simdjson) and the document (QJsonDocument). Pure.
ParsedObject parseObject(const QByteArray &body)
{
    if (!startsAsContainer(body))
        return {{}, mustBeObject()};
    if (!protocol::openai::isValidJson(body))
        return {{}, makeError(ErrorKind::InvalidRequest,
                              QStringLiteral("the body is not valid JSON (or holds control characters or unpaired surrogates in a string)"),
                              "invalid_json")};
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return {{}, invalidJson(body, parseError)};
    return {doc.object(), std::nullopt};
}

} // namespace

ParsedRequest parseRequestObject(const QJsonObject &body, protocol::Protocol protocol, protocol::Flavor flavor)
{
    ParsedRequest out;
    auto request = std::make_shared<protocol::Request>();
    QString error;
    if (!protocol::codecFor(protocol).parseRequest(body, flavor, *request, &error)) {
        out.error = makeError(ErrorKind::InvalidRequest, error);
        return out;
    }
    if (const std::optional<protocol::ApiError> refused = checkLimits(*request)) {
        out.error = *refused;
        return out;
    }
    request->original = body;
    out.request = std::move(request);
    return out;
}

void readObjectWith(http::HttpExchange *exchange, std::function<void(const QJsonObject &)> work, std::function<void()> then)
{
    auto read = [work = std::move(work)](const QByteArray &body) {
        const ParsedObject parsed = parseObject(body);
        if (!parsed.error)
            work(parsed.object);
        return parsed.error;
    };
    auto deliver = [then = std::move(then)](http::HttpExchange *exchange, const std::optional<protocol::ApiError> &refusal) {
        if (refusal)
            exchange->respondError(*refusal);
        else
            then();
    };
    if (exchange->body().size() <= kOffThreadBodyBytes) {
        deliver(exchange, read(exchange->body()));
        return;
    }
    auto done = runOffThread([body = exchange->body(), read = std::move(read)] { return read(body); });
    done->onSet([exchange = QPointer<http::HttpExchange>(exchange), deliver = std::move(deliver)](std::optional<protocol::ApiError> refusal) {
        if (exchange && !exchange->isClientGone())
            deliver(exchange, refusal);
    });
}

void readObject(http::HttpExchange *exchange, std::function<void(QJsonObject)> then)
{
    readObjectAs<QJsonObject>(exchange, [](const QJsonObject &body) { return body; }, std::move(then));
}

void readRequest(http::HttpExchange *exchange, protocol::Protocol protocol, protocol::Flavor flavor,
                 std::function<void(std::shared_ptr<protocol::Request>)> then)
{
    // Megabytes of JSON take a while: a large body is read off the core thread.
    readObjectAs<ParsedRequest>(
        exchange, [protocol, flavor](const QJsonObject &body) { return parseRequestObject(body, protocol, flavor); },
        [exchange, then = std::move(then)](ParsedRequest parsed) {
            if (!parsed.request)
                exchange->respondError(parsed.error);
            else
                then(std::move(parsed.request));
        });
}

} // namespace sy::ingress
