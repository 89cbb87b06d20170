#pragma once
// OpenAI's Responses API for clients (Codex, the OpenAI Agents SDK, qwen-code):
// POST /v1/responses (streamed or not; previous_response_id continues a kept conversation),
// GET /v1/responses/{id}, GET /v1/responses/{id}/input_items and DELETE /v1/responses/{id}.
// Answers are kept in the history database unless the request says "store": false.

namespace sy::http {
class PathRouter;
}
namespace sy::history {
class History;
}

namespace sy::ingress {

class Ingress;

// `store` keeps answers (null, or a closed history: nothing is kept).
void addResponsesEndpoints(http::PathRouter &router, const Ingress &ingress, history::History *store);

} // namespace sy::ingress
