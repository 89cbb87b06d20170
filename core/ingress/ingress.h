#pragma once
// The way in for every inference API (OpenAI, Anthropic, Gemini, Ollama, and the
// management shortcuts that serve chats): each endpoint reads its body, checks it, builds
// one neutral InboundCall and hands it to routing here, through serve(). Requests for
// paths nobody serves are recorded like any other request, so an operator sees them.

#include "ingress/inboundcalls.h"

#include <QByteArray>

namespace sy::http {
class HttpExchange;
class PathRouter;
}
namespace sy::routing {
struct ProxyServices;
}
namespace sy::history {
class History;
}

namespace sy::ingress {

class Ingress {
public:
    // `services` is the core's current set; it is read on every request. `responses` keeps
    // Responses API answers (may be null).
    Ingress(const routing::ProxyServices &services, history::History *responses) : m_services(services), m_responses(responses) {}

    // Every inference endpoint, and the observer of requests for unknown paths.
    void addRoutes(http::PathRouter &router);

    // The one entry into routing: the call is routed and served (or answered why not).
    void serve(http::HttpExchange *exchange, routing::InboundCall call) const;
    // An OpenAI-style body (with padForScan's padding): 400 in OpenAI's format if invalid.
    void serveOpenAi(http::HttpExchange *exchange, QByteArray body, protocol::openai::Endpoint endpoint,
                     QByteArray endpointName) const;
    void serveCanonical(http::HttpExchange *exchange, std::shared_ptr<const protocol::Request> request,
                        const CanonicalEndpoint &endpoint) const;

    const routing::ProxyServices &services() const { return m_services; }

private:
    void recordMiss(http::HttpExchange *exchange, int status) const;

    const routing::ProxyServices &m_services;
    history::History *m_responses;
};

} // namespace sy::ingress
