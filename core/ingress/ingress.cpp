#include "ingress/ingress.h"

#include "http/httpexchange.h"
#include "http/pathrouter.h"
#include "ingress/anthropicendpoints.h"
#include "ingress/geminiendpoints.h"
#include "ingress/modelpoolendpoints.h"
#include "ingress/ollamaendpoints.h"
#include "ingress/openaiendpoints.h"
#include "ingress/requestlimits.h"
#include "ingress/responsesendpoints.h"
#include "record/requestrecord.h"
#include "routing/proxycall.h"
#include "routing/proxyservices.h"
#include "util/clock.h"
#include "util/log.h"


namespace sy::ingress {
namespace {

auto &lg()
{
    static auto l = sy::log::get("ingress");
    return *l;
}

} // namespace

void Ingress::addRoutes(http::PathRouter &router)
{
    addOpenAiEndpoints(router, *this);
    addAnthropicEndpoints(router, *this);
    addGeminiEndpoints(router, *this);
    addOllamaEndpoints(router, *this);
    addModelPoolEndpoints(router, *this);
    addResponsesEndpoints(router, *this, m_responses);
    router.setMissObserver([this](http::HttpExchange *exchange, int status) { recordMiss(exchange, status); });
}

void Ingress::serve(http::HttpExchange *exchange, routing::InboundCall call) const
{
    if (const std::optional<protocol::ApiError> refused = checkRoutingHeaders(exchange->request().headers)) {
        exchange->respondError(*refused);
        return;
    }
    call.requestId = exchange->requestId();
    routing::ProxyCall::start(m_services, exchange, std::move(call));
}

void Ingress::serveOpenAi(http::HttpExchange *exchange, QByteArray body, protocol::openai::Endpoint endpoint,
                          QByteArray endpointName) const
{
    protocol::openai::RequestScan scan = protocol::openai::scanRequest(body, endpoint);
    if (!scan.ok) {
        exchange->respondError(protocol::makeError(protocol::ErrorKind::InvalidRequest, scan.error, {}, scan.errorParam));
        return;
    }
    if (const std::optional<protocol::ApiError> refused = checkLimits(scan)) {
        exchange->respondError(*refused);
        return;
    }
    serve(exchange, openAiCall(exchange->request(), std::move(body), std::move(scan), endpoint, std::move(endpointName)));
}

void Ingress::serveCanonical(http::HttpExchange *exchange, std::shared_ptr<const protocol::Request> request,
                             const CanonicalEndpoint &endpoint) const
{
    serve(exchange, canonicalCall(exchange->request(), std::move(request), endpoint));
}

void Ingress::recordMiss(http::HttpExchange *exchange, int status) const
{
    const http::RequestHead &head = exchange->request();
    record::RequestRecord r;
    r.id = exchange->requestId();
    r.startedUs = clock::wallUs();
    r.client = exchange->peerAddress().toString();
    r.inbound = protocol::protocolName(exchange->protocol());
    r.endpoint = status == 405 ? "method_not_allowed" : "unknown_endpoint";
    r.requested = protocol::excerpt(head.method + ' ' + head.path, 200).toUtf8();
    r.routeMode = "none";
    r.status = status;
    r.latencyMs = clock::msSince(exchange->receivedNs());
    r.error = status == 405 ? QStringLiteral("method not allowed on this path") : QStringLiteral("no such endpoint");
    lg().warn("{} {} from {}: {} ({})", r.id, r.requested, r.client, r.error, status);
    for (record::RequestSink *sink : m_services.sinks)
        sink->requestFinished(r);
}

} // namespace sy::ingress
