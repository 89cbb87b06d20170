#pragma once
// The Ollama API for clients (Open WebUI, Continue and plugins with an Ollama provider,
// the ollama libraries): POST /api/chat and /api/generate (NDJSON streams by default; an
// empty one with keep_alive loads or unloads the model), GET /api/tags, GET /api/ps,
// POST /api/show, GET /api/version, and GET / ("Ollama is running").

namespace sy::http {
class PathRouter;
}

namespace sy::ingress {

class Ingress;

void addOllamaEndpoints(http::PathRouter &router, const Ingress &ingress);

} // namespace sy::ingress
