#pragma once
// Why an attempt failed, as the proxy classifies it: the vocabulary of fallback decisions,
// cooldowns, metrics labels, traces and the history. Parsed once (config, pool) and
// compared as values; the names (connect_failed, http_503, queue_full, ...) are for people.

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace sy::record {

enum class Trigger {
    None,
    // The upstream connection.
    ConnectFailed,
    ConnectTimeout,
    Tls,
    FirstByteTimeout,
    IdleTimeout,
    TotalTimeout,
    ConnectionLost,
    BadResponse,
    // The upstream's answer.
    HttpStatus, // a 429 or 5xx: named http_<status>
    EmptyResponse,
    UnparseableResponse,
    Validator,
    StreamError,
    // The pool, before any request was sent.
    LoadFailed,
    QueueFull,
    QueueTimeout,
    NotManaged,
    ModelRemoved,
    ModelUnloaded,
    GroupPinned, // another member of its exclusive group is pinned and loaded
    ShuttingDown,
    // Neither the model's fault nor the upstream's.
    Unsupported, // the backend cannot take this kind of request at all
    Cancelled,   // the client left while the request waited for a model
    ClientGone,
    Abandoned,
};

// The classes `fallback.retryOn` names; a trigger belongs to exactly one.
enum class TriggerClass : unsigned {
    Connect = 1u << 0,         // connect_failed, connect_timeout, tls
    Timeout = 1u << 1,         // first_byte_timeout, idle_timeout, total_timeout
    Reset = 1u << 2,           // connection_lost, bad_response
    Http429 = 1u << 3,
    Http5xx = 1u << 4,
    InvalidResponse = 1u << 5, // empty_response, unparseable_response, stream_error
    Validator = 1u << 6,
    Load = 1u << 7,            // load_failed, queue_full, queue_timeout, model_removed, model_unloaded, group_pinned, shutting_down
    Always = 1u << 8,          // unsupported: nothing to retry, always the next candidate
    Never = 1u << 9,           // the client left
};
inline constexpr unsigned kAllRetryClasses = 0xff | unsigned(TriggerClass::Always);

// "connect_failed", "http_503" (with the status), ...
QByteArray triggerName(Trigger trigger, int httpStatus = 0);
TriggerClass triggerClass(Trigger trigger, int httpStatus = 0);
// A `fallback.retryOn` entry: connect, timeout, reset, http_429, http_5xx, invalid_response, validator, load.
std::optional<TriggerClass> retryClassFromName(QByteArrayView name);
const char *retryClassNames(); // for messages: the accepted names

} // namespace sy::record
