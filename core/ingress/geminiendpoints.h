#pragma once
// The Gemini API for clients (@google/genai, Gemini CLI and plugins), under /v1beta and
// /v1: POST /models/{model}:generateContent, :streamGenerateContent (SSE with ?alt=sse,
// else one JSON array), :countTokens; GET /models and /models/{model} (under /v1 shared
// with OpenAI's model list, told apart by the Gemini key header).

#include <QByteArray>

namespace sy::http {
class HttpExchange;
class PathRouter;
struct RequestHead;
}
namespace sy::routing {
struct ProxyServices;
}

namespace sy::ingress {

class Ingress;

void addGeminiEndpoints(http::PathRouter &router, const Ingress &ingress);
// A Gemini SDK asking (x-goog-api-key, ?key= or a /v1beta path).
bool isGeminiClient(const http::RequestHead &request);
void respondGeminiModels(const routing::ProxyServices &services, http::HttpExchange *exchange);
void respondGeminiModel(const routing::ProxyServices &services, http::HttpExchange *exchange, const QByteArray &id);

} // namespace sy::ingress
