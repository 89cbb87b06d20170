#pragma once
// The Anthropic API for clients (Claude Code, the Anthropic SDKs): POST /v1/messages
// (streamed or not), POST /v1/messages/count_tokens, and GET /v1/models when the request
// carries anthropic-version. x-api-key and anthropic-version are accepted and not needed.

namespace sy::http {
class HttpExchange;
class PathRouter;
}
namespace sy::routing {
struct ProxyServices;
}

namespace sy::ingress {

class Ingress;

void addAnthropicEndpoints(http::PathRouter &router, const Ingress &ingress);
void respondAnthropicModels(const routing::ProxyServices &services, http::HttpExchange *exchange);

} // namespace sy::ingress
