#pragma once
// Builds the upstream request for one attempt: byte for byte with a spliced model name
// and params when an OpenAI client meets an OpenAI-compatible backend, otherwise rendered
// from the canonical request in the backend's protocol with a transcoder for the answer.

#include "routing/inboundcall.h"
#include "routing/routetable.h"
#include "routing/upstreamattempt.h"

#include <functional>
#include <optional>

namespace sy::http {
struct RequestHead;
}

namespace sy::routing {

// Does the request set this parameter itself (by its OpenAI name)?
using RequestSets = std::function<bool(QByteArrayView key)>;

// Params to add for a candidate: global, then the model's, then the agent's (each later one
// wins), leaving out what the request sets itself unless the model strips it.
protocol::RawParams mergedParams(const RouteTable &table, const Candidate &candidate, const RequestSets &sets);
// The parameters the candidate's model takes out of a client's request (models[].stripParams).
const QStringList &strippedParams(const RouteTable &table, const Candidate &candidate);
// Raw params as a JSON object (for traces), and as compact JSON text (for records).
QJsonObject paramsJson(const protocol::RawParams &params);
QByteArray paramsText(const protocol::RawParams &params);

// The upstream path for an OpenAI endpoint on a backend ("/v1/chat/completions").
QByteArray upstreamPath(const BackendEntry &backend, protocol::openai::Endpoint endpoint);

// OpenAI clients reach OpenAI and Ollama backends (Ollama's /v1 API) without conversion.
bool isPassthrough(const InboundCall &call, const BackendEntry &backend);
// Why this backend cannot take the call's endpoint at all (embeddings, rerank), or nullopt:
// asked before the body is converted.
std::optional<protocol::ApiError> endpointUnsupportedBy(const InboundCall &call, const BackendEntry &backend);
// Why a backend of another protocol cannot take the converted call (more than one answer or
// log probabilities asked of a protocol without them, unless the model strips them), or nullopt.
std::optional<protocol::ApiError> unsupportedBy(const InboundCall &call, const BackendEntry &backend, const QStringList &stripped);

struct AttemptContext {
    const RouteTable &table;
    const InboundCall &call;
    const http::RequestHead &client;
    const config::ValidatorConfig *roleValidator;
};

// `rendered`: the request already rendered for this backend (renderForBackend, run off the
// core thread for a large request), or null to render it here.
AttemptSpec buildAttempt(const AttemptContext &context, const Candidate &candidate, const protocol::RawParams &params,
                         const FallbackPolicy *policy, protocol::OutboundRequest *rendered = nullptr);

// What every request to this backend carries: its configured headers, and the hop mark
// for a node (so it serves the request itself).
void addBackendHeaders(http::Headers &headers, const BackendEntry &backend);

// What a backend speaks on the wire (a managed model server speaks OpenAI).
protocol::Protocol wireProtocol(const BackendEntry &backend);

// The canonical request without the `stripped` parameters the client set, with the params,
// in the backend's protocol. Pure: safe on any thread.
protocol::OutboundRequest renderForBackend(const protocol::Request &canonical, const protocol::RawParams &params,
                                           const BackendEntry &backend, const Candidate &candidate, const QStringList &stripped = {});

} // namespace sy::routing
