#include "ingress/ingress.h"

#include "http/httpexchange.h"
#include "http/pathrouter.h"
#include "ingress/anthropicendpoints.h"
#include "ingress/clientkeys.h"
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

namespace sy::ingress {

void Ingress::addRoutes(http::PathRouter &router)
{
    router.setGate({[this](http::HttpExchange *exchange) { return identifyClient(exchange); },
                    [this](const http::RequestHead &head) { return admitsHead(head); }});
    addOpenAiEndpoints(router, *this);
    addAnthropicEndpoints(router, *this);
    addGeminiEndpoints(router, *this);
    addOllamaEndpoints(router, *this);
    addModelPoolEndpoints(router, *this);
    addResponsesEndpoints(router, *this, m_responses);
    router.setGate({});
    router.setMissObserver([this](http::HttpExchange *exchange, int status) {
        const http::RequestHead &head = exchange->request();
        recordRefusal(exchange, status, status == 405 ? "method_not_allowed" : "unknown_endpoint", head.method + ' ' + head.path,
                      status == 405 ? QStringLiteral("method not allowed on this path") : QStringLiteral("no such endpoint"));
    });
}

bool Ingress::admitsHead(const http::RequestHead &head) const
{
    return !m_keys.identify(head, protocol::protocolForPath(head.path)).refusal;
}

bool Ingress::admitsModelAction(http::HttpExchange *exchange, const QString &model) const
{
    routing::RoutingRequest routing;
    routing.model = model.toUtf8();
    const ClientKeys::Admission admission = m_keys.admit(exchange->clientName(), routing);
    if (admission.refusal)
        refuse(exchange, *admission.refusal, exchange->request().path, routing.model);
    return !admission.refusal;
}

bool Ingress::identifyClient(http::HttpExchange *exchange) const
{
    ClientKeys::Identity identity = m_keys.identify(exchange->request(), exchange->protocol());
    if (identity.refusal) {
        const http::RequestHead &head = exchange->request();
        refuse(exchange, *identity.refusal, "unauthorized", head.method + ' ' + head.path);
        return false;
    }
    exchange->setClientName(std::move(identity.name));
    return true;
}

void Ingress::serve(http::HttpExchange *exchange, routing::InboundCall call) const
{
    if (const std::optional<protocol::ApiError> refused = checkRoutingHeaders(exchange->request().headers)) {
        exchange->respondError(*refused);
        return;
    }
    ClientKeys::Admission admission = m_keys.admit(exchange->clientName(), call.routing);
    if (admission.refusal) {
        refuse(exchange, *admission.refusal, call.endpointName, call.requestedModel);
        return;
    }
    call.clientName = exchange->clientName();
    call.clientSlot = std::move(admission.slot);
    call.requestId = exchange->requestId();
    routing::ProxyCall::start(m_services, exchange, std::move(call));
}

void Ingress::serveOpenAi(http::HttpExchange *exchange, QByteArray body, protocol::openai::Endpoint endpoint, QByteArray endpointName,
                          std::optional<routing::InboundCall::OllamaEmbed> ollamaEmbed) const
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
    routing::InboundCall call = openAiCall(exchange->request(), std::move(body), std::move(scan), endpoint, std::move(endpointName));
    call.ollamaEmbed = std::move(ollamaEmbed);
    serve(exchange, std::move(call));
}

void Ingress::serveCanonical(http::HttpExchange *exchange, std::shared_ptr<const protocol::Request> request,
                             const CanonicalEndpoint &endpoint) const
{
    serve(exchange, canonicalCall(exchange->request(), std::move(request), endpoint));
}

void Ingress::refuse(http::HttpExchange *exchange, const protocol::ApiError &error, QByteArrayView endpoint,
                     QByteArrayView requested) const
{
    recordRefusal(exchange, error.status(), endpoint, requested, error.message);
    exchange->respondError(error);
}

void Ingress::recordRefusal(http::HttpExchange *exchange, int status, QByteArrayView endpoint, QByteArrayView requested,
                            const QString &error) const
{
    record::RequestRecord r;
    r.id = exchange->requestId();
    r.startedUs = exchange->startedUs();
    r.client = exchange->peerText();
    r.clientName = exchange->clientName();
    r.inbound = protocol::protocolName(exchange->protocol());
    r.endpoint = endpoint.toByteArray();
    r.requested = protocol::excerpt(requested, 200).toUtf8();
    r.routeMode = "none";
    r.status = status;
    r.latencyMs = clock::msSince(exchange->receivedNs());
    r.error = error;
    for (record::RequestSink *sink : m_services.sinks)
        sink->requestFinished(r);
}

} // namespace sy::ingress
