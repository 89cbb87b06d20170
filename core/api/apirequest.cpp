#include "api/apirequest.h"

#include "http/httpexchange.h"

namespace sy::api {

const http::RequestHead &ApiRequest::head() const
{
    return m_exchange->request();
}

const QByteArray &ApiRequest::body() const
{
    return m_exchange->body();
}

Reply ApiRequest::replyLater() const
{
    return [exchange = QPointer<http::HttpExchange>(m_exchange)](ApiResult result) {
        if (exchange)
            respond(exchange, result);
    };
}

void respond(http::HttpExchange *exchange, const ApiResult &result)
{
    for (const http::HeaderField h : result.headers)
        exchange->addResponseHeader(h.name.toByteArray(), h.value.toByteArray());
    if (!result.rawContentType.isEmpty()) {
        exchange->respond(result.status, {{"Content-Type", result.rawContentType}}, result.raw);
        return;
    }
    exchange->respondJson(result.status, QJsonDocument(result.body).toJson(QJsonDocument::Compact));
}

} // namespace sy::api
