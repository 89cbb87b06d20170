#pragma once
// What a management controller returns: a status and a JSON body. Errors use the OpenAI
// error shape, like every Switchyard-owned endpoint.

#include "protocol/apierror.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace sy::api {

struct ApiResult {
    int status = 200;
    QJsonObject body;

    static ApiResult ok(QJsonObject body, int status = 200) { return {status, std::move(body)}; }
    static ApiResult error(protocol::ErrorKind kind, const QString &message, QByteArray code = {})
    {
        const protocol::ApiError e = protocol::makeError(kind, message, std::move(code));
        return {e.status(), QJsonDocument::fromJson(protocol::renderError(protocol::Protocol::Management, e)).object()};
    }
};

} // namespace sy::api
