#pragma once
// What a management action gets: the request's head, body and path parameters, and a way
// to answer later (for actions that return ApiResult::deferred()).

#include "api/apiresult.h"
#include "http/message.h"
#include "http/pathrouter.h"

#include <QPointer>
#include <functional>

namespace sy::http {
class HttpExchange;
}

namespace sy::api {

// Answers a deferred action; does nothing if the client left meanwhile.
using Reply = std::function<void(ApiResult)>;

class ApiRequest {
public:
    ApiRequest(http::HttpExchange *exchange, const http::PathParams &params) : m_exchange(exchange), m_params(params) {}

    const http::RequestHead &head() const;
    const QByteArray &body() const;
    QByteArray query(QByteArrayView key) const { return head().queryValue(key); }
    QString param(QByteArrayView name) const { return QString::fromUtf8(m_params.value(name)); }
    Reply replyLater() const;

private:
    http::HttpExchange *m_exchange;
    const http::PathParams &m_params;
};

// Sends a result on an exchange (JSON compact, or raw bytes).
void respond(http::HttpExchange *exchange, const ApiResult &result);

} // namespace sy::api
