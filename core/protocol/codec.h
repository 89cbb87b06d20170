#pragma once
// What each protocol adapter provides, and the table that picks one by protocol.
//
// Inbound (a client speaking the protocol): parse its request, encode a response and a
// stream of events in its format. Outbound (a backend speaking it): render a request,
// decode its response and its stream. "Flavor" covers the prompt-style endpoints
// (OpenAI /v1/completions, Ollama /api/generate) next to the chat ones.

#include "protocol/canonical.h"

#include <QByteArray>
#include <memory>
#include <utility>
#include <vector>

namespace sy::protocol {

enum class Flavor { Chat, Prompt };

// What an encoder knows of the client it writes for: the endpoint's flavor and the client's
// request (whose answers echo parts of it, like the Responses API's, or that report its
// size, like Anthropic's usage). The request may be null.
struct ClientContext {
    Flavor flavor = Flavor::Chat;
    std::shared_ptr<const Request> request;
    qint64 startedNs = 0; // when the answer was asked for (steadyNowNs), for reported durations
};

// A monotonic clock in nanoseconds, for durations the protocols report.
qint64 steadyNowNs();

// Turns a backend's stream into events. Framing (SSE, NDJSON) is the decoder's business.
class StreamDecoder {
public:
    virtual ~StreamDecoder() = default;
    // Appends the events found in `data` (which may end mid-event); false with *error when
    // the backend reported an error in the stream.
    virtual bool feed(QByteArrayView data, Events &out, ApiError *error) = 0;
    // The stream ended: appends a Finish if the backend never sent one; false with *error
    // when its last, unterminated event was an error the backend reported.
    virtual bool finish(Events &out, ApiError *error) = 0;
    // Whether the backend said its answer was complete (a finish reason, a stop event,
    // "done"): a stream that merely stops, empty or cut short, is not.
    virtual bool complete() const = 0;
    // How many of the bytes fed so far are not yet part of a whole event (the start of one
    // still arriving): what is passed on to a client as it came stops before them.
    virtual qsizetype unconsumedBytes() const { return 0; }
};

// Writes events in a client's stream format.
class StreamEncoder {
public:
    virtual ~StreamEncoder() = default;
    virtual void encode(const StreamEvent &event, QByteArray &out) = 0;
    // A terminal error event, for a stream that broke after it started.
    virtual void error(const ApiError &error, QByteArray &out) = 0;
    virtual QByteArray contentType() const = 0;
    // The whole answer as the client would have got it without streaming, once the stream
    // ended (for protocols that keep answers, like the Responses API); empty otherwise.
    virtual QByteArray finalResponse() const { return {}; }
};

struct OutboundTarget {
    QByteArray basePath; // the backend's base URL path, without a trailing '/'
    QString model;       // the backend's name for the model
    QByteArray apiKey;   // empty: none
};

// Header fields of a rendered request, in order; the transport adds its own.
struct HeaderFields {
    std::vector<std::pair<QByteArray, QByteArray>> fields;
    void add(QByteArray name, QByteArray value) { fields.emplace_back(std::move(name), std::move(value)); }
};

struct OutboundRequest {
    QByteArray path; // with the query, if any
    QByteArray body;
    HeaderFields headers;
};

// A JSON POST to `path` under the target's base path with the Bearer key, if the target has
// one (how OpenAI, Responses and Ollama backends are called); `accept` empty: no Accept.
OutboundRequest bearerJsonPost(const OutboundTarget &target, QByteArrayView path, const QJsonObject &body,
                               QByteArrayView accept);

struct Codec {
    // Inbound. `body` is the client's JSON; false with *error (a 400) when it is not a
    // valid request.
    bool (*parseRequest)(const QJsonObject &body, Flavor flavor, Request &out, QString *error);
    QByteArray (*encodeResponse)(const Response &response, const ClientContext &client);
    std::unique_ptr<StreamEncoder> (*makeEncoder)(const ClientContext &client);
    // Outbound.
    OutboundRequest (*renderRequest)(const Request &request, const OutboundTarget &target);
    bool (*decodeResponse)(const QByteArray &body, Response &out, QString *error);
    std::unique_ptr<StreamDecoder> (*makeDecoder)();
};

const Codec &codecFor(Protocol protocol);

} // namespace sy::protocol
