#pragma once
// Reading a client's JSON request body: parse, answer a 400 in the client's own error
// format when it is not a valid request.

#include "protocol/canonical.h"
#include "protocol/codec.h"

#include <memory>
#include <optional>

namespace sy::http {
class HttpExchange;
}

namespace sy::ingress {

// The body as a JSON object, or nullopt after answering 400.
std::optional<QJsonObject> readJsonBody(http::HttpExchange *exchange);
// The request in canonical form, or null after answering 400.
std::shared_ptr<protocol::Request> readRequest(http::HttpExchange *exchange, protocol::Protocol protocol, protocol::Flavor flavor);

} // namespace sy::ingress
