#pragma once
// Turns a checked client request into the neutral call the router takes: what routing
// needs (model, headers, capabilities, prompt size and text) and what the attempts need
// (the OpenAI body and its scan, or the canonical request). The live path and the route
// preview build calls here, so the preview sees exactly what a request would.

#include "protocol/canonical.h"
#include "protocol/codec.h"
#include "protocol/openai/requestscan.h"
#include "routing/inboundcall.h"

#include <memory>

namespace sy::http {
class Headers;
struct RequestHead;
}

namespace sy::ingress {

// How a canonical (non-OpenAI-body) call came in.
struct CanonicalEndpoint {
    protocol::Protocol inbound = protocol::Protocol::OpenAI;
    protocol::Flavor flavor = protocol::Flavor::Chat;
    QByteArray endpointName; // for the record
    bool geminiArrayStream = false;
};

// An OpenAI-style body (with padForScan's padding) that `scan` accepted.
routing::InboundCall openAiCall(const http::RequestHead &head, QByteArray body, protocol::openai::RequestScan scan,
                                protocol::openai::Endpoint endpoint, QByteArray endpointName);
// A request already read into canonical form.
routing::InboundCall canonicalCall(const http::RequestHead &head, std::shared_ptr<const protocol::Request> request,
                                   const CanonicalEndpoint &endpoint);

} // namespace sy::ingress
