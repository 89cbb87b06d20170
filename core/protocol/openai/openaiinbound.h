#pragma once
// The OpenAI-compatible endpoints: /v1/chat/completions, /v1/completions, /v1/embeddings
// (proxied through the router) and /v1/models.

#include "protocol/openai/requestscan.h"

namespace sy::api {
class Dispatcher;
}
namespace sy::http {
class HttpExchange;
}
namespace sy::http {
class Headers;
}
namespace sy::routing {
struct ProxyServices;
struct RoutingRequest;
}

namespace sy::protocol::openai {

// The routing request an OpenAI-style request makes (headers, pseudo-models, needs).
routing::RoutingRequest routingRequest(const http::Headers &headers, const RequestScan &scan, Endpoint endpoint);

// Serves an OpenAI-style body through the router (400 in OpenAI's format if it is not a
// valid request). `body` needs padForScan's padding; `endpointName` is for the record.
void serve(const routing::ProxyServices &services, http::HttpExchange *exchange, QByteArray body, Endpoint endpoint,
           QByteArray endpointName);

class OpenAiInbound {
public:
    // `services` is the core's current set; it is read on every request.
    explicit OpenAiInbound(const routing::ProxyServices &services) : m_services(services) {}

    void registerRoutes(api::Dispatcher &dispatcher);

private:
    void handleProxy(http::HttpExchange *exchange, Endpoint endpoint);
    void handleModels(http::HttpExchange *exchange);
    void handleModel(http::HttpExchange *exchange, const QByteArray &id);

    const routing::ProxyServices &m_services;
};

} // namespace sy::protocol::openai
