#pragma once
// Incremental HTTP/1.1 parsers for requests (server side) and responses (upstream side).
// Both wrap Boost.Beast's basic_parser, so no HTTP grammar is written by hand here;
// Beast stays inside parser.cpp to keep the other translation units light.

#include "http/message.h"

#include <QByteArray>
#include <cstdint>
#include <memory>

namespace sy::http {

enum class ParseState {
    NeedMore,  // feed more bytes
    HeadReady, // the head is parsed; the body (if any) follows on the next feed
    Complete,  // the whole message is parsed
    Error,
};

enum class ParseError {
    None,
    HeaderTooLarge, // -> 431
    BodyTooLarge,   // -> 413
    Malformed,      // -> 400 / 502
    UnexpectedEof,  // the peer closed before the message was complete
};

// Bytes past the end of a request body that simdjson may read (SIMDJSON_PADDING).
inline constexpr qsizetype kBodyPadding = 64;

class RequestParser {
public:
    RequestParser();
    ~RequestParser();
    RequestParser(const RequestParser &) = delete;
    RequestParser &operator=(const RequestParser &) = delete;

    // Starts a new message.
    void reset(std::uint32_t headerLimitBytes, std::uint64_t bodyLimitBytes);
    // Parses as much as it can and returns how many bytes it consumed. The caller keeps
    // the unconsumed bytes and passes them again, with more appended, next time.
    std::size_t feed(const char *data, std::size_t size);

    ParseState state() const;
    ParseError error() const;
    QByteArray errorMessage() const;

    const RequestHead &head() const;
    RequestHead takeHead();
    // The body, with kBodyPadding bytes of spare capacity after it.
    QByteArray takeBody();
    // Body bytes received so far (decoded).
    std::int64_t bodyBytesSoFar() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

class ResponseParser {
public:
    ResponseParser();
    ~ResponseParser();
    ResponseParser(const ResponseParser &) = delete;
    ResponseParser &operator=(const ResponseParser &) = delete;

    // Starts a new message; `headRequest` = the response has no body.
    void reset(bool headRequest, std::uint64_t bodyLimitBytes = UINT64_MAX);
    std::size_t feed(const char *data, std::size_t size);
    // The peer closed the connection: ends a body delimited by close.
    void feedEof();

    ParseState state() const;
    ParseError error() const;
    QByteArray errorMessage() const;
    bool headDone() const;

    const ResponseHead &head() const;
    // Body bytes decoded since the last call (chunk framing removed).
    QByteArray takeBody();
    bool hasBody() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace sy::http
