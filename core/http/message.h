#pragma once
// Parsed request and response heads.

#include "http/headers.h"

#include <QByteArray>
#include <cstdint>
#include <optional>

namespace sy::http {

struct RequestHead {
    QByteArray method;
    QByteArray target; // as sent: path plus query
    QByteArray path;   // target up to '?'
    QByteArray query;  // after '?', without it
    int version = 11;  // 10 or 11
    Headers headers;
    bool keepAlive = true;
    bool expectContinue = false;
    bool upgrade = false;
    std::optional<std::uint64_t> contentLength;
    bool chunked = false;

    // The value of one query parameter (percent-decoded), or an empty array.
    QByteArray queryValue(QByteArrayView key) const;
};

struct ResponseHead {
    int status = 0;
    QByteArray reason;
    int version = 11;
    Headers headers;
    bool keepAlive = true;
    std::optional<std::uint64_t> contentLength;
    bool chunked = false;
};

// The standard reason phrase of a status code ("Not Found").
QByteArrayView reasonPhrase(int status);

// Percent-decodes a path segment or query part as URLs are (WHATWG): a "%" not followed by two
// hex digits stays as it is. (QByteArray::fromPercentEncoding turns "%ZZ" into a made-up byte.)
QByteArray percentDecoded(QByteArrayView encoded);

} // namespace sy::http
