#pragma once
// The way in for every inference API (OpenAI, Anthropic, Gemini, Ollama, and the
// management shortcuts that serve chats): each endpoint reads its body, checks it, builds
// one neutral InboundCall and hands it to routing here, through serve(). Requests for
// paths nobody serves are recorded like any other request, so an operator sees them, and
// so are requests refused for their client key (server.clientKeys).

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

class ClientKeys;

class Ingress {
public:
    // `services` is the core's current set; it is read on every request. `responses` keeps
    // Responses API answers (may be null). `keys` decides who may call (the core configures it).
    Ingress(const routing::ProxyServices &services, history::History *responses, ClientKeys &keys)
        : m_services(services), m_responses(responses), m_keys(keys)
    {
    }

    // Every inference endpoint, and the observer of requests for unknown paths.
    void addRoutes(http::PathRouter &router);

    // The one entry into routing: the call is routed and served (or answered why not).
    void serve(http::HttpExchange *exchange, routing::InboundCall call) const;
    // An OpenAI-style body (with padForScan's padding): 400 in the path's format if invalid.
    // `ollamaEmbed`: the body was made from an Ollama embeddings request.
    void serveOpenAi(http::HttpExchange *exchange, QByteArray body, protocol::openai::Endpoint endpoint, QByteArray endpointName,
                     std::optional<routing::InboundCall::OllamaEmbed> ollamaEmbed = std::nullopt) const;
    void serveCanonical(http::HttpExchange *exchange, std::shared_ptr<const protocol::Request> request,
                        const CanonicalEndpoint &endpoint) const;

    const routing::ProxyServices &services() const { return m_services; }
    // Whether a request with this head may be admitted once its body is read (its client
    // key, when keys are required); false: it is refused on the head alone.
    bool admitsHead(const http::RequestHead &head) const;
    // Whether the request's client key may load or unload `model` (Ollama's empty generate
    // and chat): its models and limits apply as to a request for it; else answered (403/429).
    bool admitsModelAction(http::HttpExchange *exchange, const QString &model) const;

private:
    // Before any inference endpoint: the request's client key, or a 401 in its protocol.
    bool identifyClient(http::HttpExchange *exchange) const;
    // Answers and records a request that goes no further; `requested` is what it asked for.
    void refuse(http::HttpExchange *exchange, const protocol::ApiError &error, QByteArrayView endpoint,
                QByteArrayView requested) const;
    void recordRefusal(http::HttpExchange *exchange, int status, QByteArrayView endpoint, QByteArrayView requested,
                       const QString &error) const;

    const routing::ProxyServices &m_services;
    history::History *m_responses;
    ClientKeys &m_keys;
};

} // namespace sy::ingress
