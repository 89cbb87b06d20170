#pragma once
// The Anthropic API for clients (Claude Code, the Anthropic SDKs): POST /v1/messages
// (streamed or not), POST /v1/messages/count_tokens, and GET /v1/models when the request
// carries anthropic-version. x-api-key and anthropic-version are accepted and not needed.

namespace sy::api {
class Dispatcher;
}
namespace sy::http {
class HttpExchange;
}
namespace sy::routing {
struct ProxyServices;
}

namespace sy::protocol::anthropic {

void registerRoutes(api::Dispatcher &dispatcher, const routing::ProxyServices &services);
void respondModels(const routing::ProxyServices &services, http::HttpExchange *exchange);

} // namespace sy::protocol::anthropic
