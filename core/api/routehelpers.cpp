#include "api/routehelpers.h"

#include "api/admintoken.h"
#include "http/httpexchange.h"

namespace sy::api {

bool requireAdmin(http::HttpExchange *exchange, const QByteArray &token)
{
    if (isAuthorized(exchange->request(), token))
        return true;
    exchange->addResponseHeader(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer"));
    respond(exchange, ApiResult::error(protocol::ErrorKind::Unauthorized,
                                       QStringLiteral("missing or wrong admin token: send \"Authorization: Bearer <token>\" "
                                                      "(the token is in the config directory, file admin-token, or "
                                                      "$SWITCHYARD_ADMIN_TOKEN)"),
                                       "unauthorized"));
    return false;
}

void respond(http::HttpExchange *exchange, const ApiResult &result)
{
    exchange->respondJson(result.status, QJsonDocument(result.body).toJson(QJsonDocument::Compact));
}

bool readJsonObject(const http::HttpExchange *exchange, QJsonObject *out, ApiResult *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(exchange->body(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = ApiResult::error(protocol::ErrorKind::InvalidRequest,
                                  parseError.error != QJsonParseError::NoError
                                      ? QStringLiteral("the body is not valid JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset)
                                      : QStringLiteral("the body must be a JSON object"),
                                  "invalid_json");
        return false;
    }
    *out = doc.object();
    return true;
}

} // namespace sy::api
