#pragma once
// Reading a non-OpenAI client's JSON request: parse, answer a 400 in the client's own
// error format when it is not a valid request.

#include "protocol/canonical.h"
#include "protocol/codec.h"

#include <memory>

namespace sy::http {
class HttpExchange;
}

namespace sy::protocol {

// The body as a JSON object, or nullopt after answering 400.
std::optional<QJsonObject> readJsonBody(http::HttpExchange *exchange);
// The request in canonical form, or null after answering 400.
std::shared_ptr<Request> readRequest(http::HttpExchange *exchange, Protocol protocol, Flavor flavor);

} // namespace sy::protocol
