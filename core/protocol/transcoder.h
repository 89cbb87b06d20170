#pragma once
// Carries one backend's response to a client that speaks another protocol: the backend's
// decoder feeds canonical events (or a whole Response) to the client's encoder. Used by
// an upstream attempt in place of passing the bytes through.
//
// A backend of the client's own protocol (protocol/nativebody.h) is read the same way, for
// the usage, the checks and the record, but the client gets the backend's bytes as they
// are: whole events of a stream, so that an error Switchyard adds after them is an event of
// its own.

#include "protocol/codec.h"
#include "protocol/jsonanswertool.h"
#include "protocol/toolcallorder.h"

#include <optional>

namespace sy::protocol {

class Transcoder {
public:
    struct Client {
        Protocol protocol = Protocol::OpenAI;
        Flavor flavor = Flavor::Chat;
        bool geminiArray = false; // a Gemini stream without alt=sse: one JSON array
        std::shared_ptr<const Request> request; // the client's request (see ClientContext)
        bool passThrough = false; // the backend may be given the client's own request (nativebody.h)
    };
    Transcoder(Protocol backend, Client client);

    // A whole 2xx response; false with *error when the backend's answer cannot be read.
    bool convertWhole(const QByteArray &upstream, QByteArray *client, Response *response, QString *error);
    // A piece of a stream; false with *error when the backend reported an error in it.
    bool convertChunk(QByteArrayView upstream, QByteArray &client, ApiError *error);
    // The backend's stream ended. True when the backend had completed its answer; if not
    // (empty, cut short, not in its protocol, or its last event was an error: then *error
    // says it) the client's stream is not ended here as if it were: the caller ends it with
    // streamError().
    bool finishStream(QByteArray &client, ApiError *error);
    void streamError(const ApiError &error, QByteArray &client);
    // An error response in the client's protocol.
    QByteArray errorBody(const ApiError &error) const;
    QByteArray contentType(bool stream) const;

    Usage usage() const { return m_usage; }
    // Pieces of text and tool-call arguments streamed so far (tokens, roughly, when the
    // backend reports no usage).
    qint64 streamedPieces() const { return m_streamedPieces; }
    // The whole answer in the client's protocol (see StreamEncoder::finalResponse), for
    // protocols that keep answers; empty otherwise or before the end.
    QByteArray clientResponse() const;
    bool finished() const { return m_finished; }
    // Whether the client gets the backend's own bytes (a backend of its own protocol).
    bool forwards() const { return m_forward; }

private:
    void encode(const Events &events, QByteArray &client);
    void encodeInOrder(const Events &events, QByteArray &client);
    // Forwarding: moves the complete events of what has arrived into `client`.
    void forwardEvents(QByteArray &client);

    Protocol m_backend;
    Client m_client;
    std::unique_ptr<StreamDecoder> m_decoder;
    std::unique_ptr<StreamEncoder> m_encoder;
    Usage m_usage;
    qint64 m_streamedPieces = 0;
    bool m_finished = false;
    QByteArray m_whole; // convertWhole's answer
    QByteArray m_partial; // forwarding: the start of an event still arriving
    bool m_forwardedAny = false;
    bool m_errorForwarded = false; // the backend's own error event reached the client
    qint64 m_startedNs;
    const bool m_forward; // the client gets the backend's own bytes
    std::optional<ToolCallOrder> m_toolCallOrder; // for clients whose protocol cannot interleave calls
    std::optional<JsonAnswerStream> m_jsonAnswer;  // an Anthropic backend's JSON answer, given as a tool call
};

} // namespace sy::protocol
