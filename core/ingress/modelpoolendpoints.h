#pragma once
// The seed's model-pool shortcuts that serve a chat: POST /model-pool/route and
// /model-pool/route/stream take {"agent_class", "prompt" | "messages", "system", "params"}
// and serve it as an OpenAI chat for "agent:<class>" (no admin token, like /v1).

namespace sy::http {
class PathRouter;
}

namespace sy::ingress {

class Ingress;

void addModelPoolEndpoints(http::PathRouter &router, const Ingress &ingress);

} // namespace sy::ingress
