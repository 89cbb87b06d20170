#pragma once
// The OpenAI-compatible endpoints: /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/rerank
// (routed) and /v1/models, /v1/models/{id} (answered in the asking SDK's format: Anthropic's
// and Gemini's SDKs list models on the same path).

namespace sy::http {
class PathRouter;
}

namespace sy::ingress {

class Ingress;

void addOpenAiEndpoints(http::PathRouter &router, const Ingress &ingress);

} // namespace sy::ingress
