#pragma once
// The Gemini API for clients (@google/genai, Gemini CLI and plugins):
// POST /v1beta/models/{model}:generateContent, :streamGenerateContent (SSE with ?alt=sse,
// else one JSON array), :countTokens; GET /v1beta/models and /v1beta/models/{model}.

namespace sy::api {
class Dispatcher;
}
namespace sy::routing {
struct ProxyServices;
}

namespace sy::protocol::gemini {

void registerRoutes(api::Dispatcher &dispatcher, const routing::ProxyServices &services);

} // namespace sy::protocol::gemini
