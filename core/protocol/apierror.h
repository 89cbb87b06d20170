#pragma once
// Errors in the caller's protocol: one description, rendered as an OpenAI error object,
// an Anthropic error, a Google API error or an Ollama error depending on the endpoint.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace sy::protocol {

enum class Protocol {
    OpenAI,
    Anthropic,
    Gemini,
    Ollama,
    Responses,  // OpenAI's Responses API (/v1/responses): OpenAI-shaped errors
    Management, // Switchyard's own REST API: OpenAI-shaped errors
};

// Which protocol a request path speaks (decides the error format before routing).
Protocol protocolForPath(QByteArrayView path);
const char *protocolName(Protocol protocol);

enum class ErrorKind {
    InvalidRequest,  // 400
    Unauthorized,    // 401
    Forbidden,       // 403
    NotFound,        // 404 (path or model)
    MethodNotAllowed,// 405
    Timeout,         // 408 (client too slow)
    PreconditionFailed, // 412 (If-Match no longer matches)
    TooLarge,        // 413
    UnsupportedMediaType, // 415
    Unprocessable,   // 422 (no model has the capability)
    RateLimited,     // 429
    HeaderTooLarge,  // 431
    Internal,        // 500
    BadGateway,      // 502 (upstream unreachable or broken)
    Unavailable,     // 503 (queue full, shutting down)
    GatewayTimeout,  // 504
};

struct ApiError {
    ErrorKind kind = ErrorKind::Internal;
    QString message;
    QByteArray code;  // machine-readable: "model_not_found", "upstream_unreachable", ...
    QByteArray param; // the offending request field, if any
    int statusOverride = 0; // keep an upstream's own status (e.g. 401 from a cloud API)
    int retryAfterS = 0;    // sent as Retry-After when > 0

    int status() const;
};

ApiError makeError(ErrorKind kind, QString message, QByteArray code = {}, QByteArray param = {});

// At most `maxChars` characters of something a client sent, for messages that quote it
// (error bodies, logs, traces): longer input is cut and says how long it was.
QString excerpt(QByteArrayView clientText, qsizetype maxChars = 120);
QString excerpt(QStringView clientText, qsizetype maxChars = 120);
// The same for a log line: also without control characters (each becomes U+FFFD), so text
// holding "\n2026-… [warning] …" cannot forge a line of its own.
QString loggable(QStringView clientText, qsizetype maxChars = 120);
QString loggable(QByteArrayView clientText, qsizetype maxChars = 120);

// The response body for that protocol (always JSON).
QByteArray renderError(Protocol protocol, const ApiError &error);

} // namespace sy::protocol
