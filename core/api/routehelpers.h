#pragma once
// What every management route does: check the admin token, answer with an ApiResult.

#include "api/apiresult.h"

#include <QByteArray>

namespace sy::http {
class HttpExchange;
}

namespace sy::api {

// True when the request carries the admin token; otherwise answers 401 and returns false.
bool requireAdmin(http::HttpExchange *exchange, const QByteArray &token);
void respond(http::HttpExchange *exchange, const ApiResult &result);
// A JSON object request body, or an error result (400) in *error.
bool readJsonObject(const http::HttpExchange *exchange, QJsonObject *out, ApiResult *error);

} // namespace sy::api
