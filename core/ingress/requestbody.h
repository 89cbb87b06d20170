#pragma once
// Reading a client's JSON request body: the same strict validation every protocol gets
// (one simdjson pass: no raw control characters, no lone surrogates, no trailing bytes),
// then the protocol's parser and the request limits; a refusal is answered in the
// client's own error format. Large bodies are parsed off the core thread.

#include "protocol/apierror.h"
#include "protocol/canonical.h"
#include "protocol/codec.h"

#include <functional>
#include <memory>
#include <optional>

namespace sy::http {
class HttpExchange;
}

namespace sy::ingress {

// The body as a JSON object (small management-style bodies), or nullopt after answering 400.
std::optional<QJsonObject> readJsonBody(http::HttpExchange *exchange);

struct ParsedRequest {
    std::shared_ptr<protocol::Request> request; // null when refused
    protocol::ApiError error;
};
// Pure: parse and check a request from its body's document. Safe on any thread.
ParsedRequest parseRequestObject(const QJsonObject &body, protocol::Protocol protocol, protocol::Flavor flavor);

// The body as a JSON object after the strict validation, handed to `then` on the core
// thread (a large one is read off it); a refusal is answered in the path's protocol.
void readObject(http::HttpExchange *exchange, std::function<void(QJsonObject)> then);

// readObjectAs without a type: `work` runs on the object where it was read, and fills what
// `then` reads on the core thread.
void readObjectWith(http::HttpExchange *exchange, std::function<void(const QJsonObject &)> work, std::function<void()> then);

// As readObject, and `convert` (pure) runs on the object where it was read, off the core
// thread for a large body: for work that grows with the body (turning it into another).
template<typename T>
void readObjectAs(http::HttpExchange *exchange, std::function<T(const QJsonObject &)> convert, std::function<void(T)> then)
{
    auto result = std::make_shared<T>();
    readObjectWith(
        exchange, [convert = std::move(convert), result](const QJsonObject &body) { *result = convert(body); },
        [then = std::move(then), result] { then(std::move(*result)); });
}

// The request in canonical form, handed to `then` on the core thread (at once for small
// bodies); a refusal is answered and `then` is not called, nor when the client left.
void readRequest(http::HttpExchange *exchange, protocol::Protocol protocol, protocol::Flavor flavor,
                 std::function<void(std::shared_ptr<protocol::Request>)> then);

} // namespace sy::ingress
