#pragma once
// What one request may hold, whatever protocol it came in: bounds that keep any single
// request from holding the core thread or growing memory, logs and history without limit.
// A request past them is refused (413 for sizes and counts, 400 for malformed fields) in
// the caller's protocol, naming the limit. The numbers are far above what real clients
// send (a long agent session has hundreds of messages, tens of tools).

#include "protocol/apierror.h"
#include "protocol/canonical.h"
#include "protocol/openai/requestscan.h"
#include "util/modelname.h"

#include <optional>

namespace sy::http {
class Headers;
}

namespace sy::ingress {

inline constexpr int kMaxMessages = 50'000;
inline constexpr int kMaxPartsPerMessage = 10'000;
inline constexpr int kMaxTools = 2'048;
inline constexpr qsizetype kMaxRoutingHeaderBytes = 256; // X-Agent-Class, X-Switchyard-Role/-Product/-Mode

// A model name of `bytes` bytes (from a body or, for Gemini, the URL).
std::optional<protocol::ApiError> checkModelName(qsizetype bytes);
std::optional<protocol::ApiError> checkLimits(const protocol::openai::RequestScan &scan);
std::optional<protocol::ApiError> checkLimits(const protocol::Request &request);
std::optional<protocol::ApiError> checkRoutingHeaders(const http::Headers &headers);

} // namespace sy::ingress
