#pragma once
// What a management action returns: a status and a JSON body (or, for the few non-JSON
// endpoints, raw bytes with their content type), plus response header fields. Errors use
// the OpenAI error shape, like every Switchyard-owned endpoint. An action that answers
// later (a history query) returns deferred() and replies through its ApiRequest.

#include "http/headers.h"
#include "protocol/apierror.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace sy::api {

struct ApiResult {
    int status = 200;
    QJsonObject body;
    QByteArray raw;         // sent as is when set (with rawContentType)
    QByteArray rawContentType;
    http::Headers headers;  // extra response fields (ETag, WWW-Authenticate, ...)
    bool isDeferred = false;

    static ApiResult ok(QJsonObject body, int status = 200) { return {status, std::move(body), {}, {}, {}, false}; }
    static ApiResult text(QByteArray bytes, QByteArray contentType, int status = 200)
    {
        return {status, {}, std::move(bytes), std::move(contentType), {}, false};
    }
    static ApiResult deferred() { return {0, {}, {}, {}, {}, true}; }
    static ApiResult error(protocol::ErrorKind kind, const QString &message, QByteArray code = {}, QByteArray param = {})
    {
        return fromError(protocol::makeError(kind, message, std::move(code), std::move(param)));
    }
    static ApiResult fromError(const protocol::ApiError &e)
    {
        return {e.status(), QJsonDocument::fromJson(protocol::renderError(protocol::Protocol::Management, e)).object(), {}, {}, {}, false};
    }
    ApiResult &withHeader(QByteArrayView name, QByteArrayView value)
    {
        headers.set(name, value);
        return *this;
    }
};

} // namespace sy::api
