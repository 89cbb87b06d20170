#pragma once
// The Gemini API for clients (@google/genai, Gemini CLI and plugins), under /v1beta and
// /v1: POST /models/{model}:generateContent, :streamGenerateContent (SSE with ?alt=sse,
// else one JSON array), :countTokens; GET /models and /models/{model} (under /v1 shared
// with OpenAI's model list, told apart by the Gemini key header).

#include <QByteArray>

namespace sy::api {
class Dispatcher;
}
namespace sy::http {
class HttpExchange;
struct RequestHead;
}
namespace sy::routing {
struct ProxyServices;
}

namespace sy::protocol::gemini {

void registerRoutes(api::Dispatcher &dispatcher, const routing::ProxyServices &services);
// A Gemini SDK asking (x-goog-api-key, ?key= or a /v1beta path).
bool isGeminiClient(const http::RequestHead &request);
void respondModels(const routing::ProxyServices &services, http::HttpExchange *exchange);
void respondModel(const routing::ProxyServices &services, http::HttpExchange *exchange, const QByteArray &id);

} // namespace sy::protocol::gemini
