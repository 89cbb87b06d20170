#pragma once
// The common way in for clients that do not speak OpenAI: a request already read into
// canonical form is routed and served like any other.

#include "protocol/canonical.h"
#include "protocol/codec.h"

#include <memory>

namespace sy::http {
class Headers;
class HttpExchange;
}

namespace sy::routing {

struct ProxyServices;
struct RoutingRequest;

struct CanonicalCall {
    protocol::Protocol inbound = protocol::Protocol::OpenAI;
    protocol::Flavor flavor = protocol::Flavor::Chat;
    QByteArray endpointName; // for the record
    bool geminiArrayStream = false;
};

void serveCanonical(const ProxyServices &services, http::HttpExchange *exchange, std::shared_ptr<const protocol::Request> request,
                    const CanonicalCall &call);

// X-Agent-Class, X-Switchyard-Role/-Product/-Mode into a routing request.
void readRoutingHeaders(const http::Headers &headers, RoutingRequest &out);

// A rough token count of a request, for context checks and count_tokens endpoints.
qint64 estimateTokens(const protocol::Request &request);

} // namespace sy::routing
