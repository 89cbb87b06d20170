#pragma once
// One attempt to serve a client request from one upstream: sends it, classifies what
// comes back, and pumps the body to the client with backpressure. Whether a failure
// becomes a fallback (nothing sent to the client) or is delivered as it is, the
// FallbackPolicy decides. A stream is committed to the client only with its first body
// byte, so a failure before that can still fall back.

#include "http/httpexchange.h"
#include "http/upstreamrequest.h"
#include "protocol/apierror.h"
#include "protocol/transcoder.h"
#include "record/trigger.h"
#include "util/completion.h"

#include <QPointer>
#include <functional>
#include <memory>
#include <optional>

namespace sy::http {
class UpstreamPool;
}

namespace sy::routing {

class FallbackPolicy;

enum class AttemptOutcome {
    Delivered,         // a response (maybe an upstream error passed through) reached the client
    Retryable,         // failed before anything reached the client
    FailedAfterCommit, // the client got an error after all (a stream that broke: an error event; an answer that could not be converted: a 502)
    ClientGone,
};

struct AttemptResult {
    AttemptOutcome outcome = AttemptOutcome::Retryable;
    int upstreamStatus = 0;
    record::Trigger trigger = record::Trigger::None; // what went wrong (named with upstreamStatus)
    protocol::ApiError error; // for failures
    std::int64_t firstByteNs = 0;
    std::int64_t bytesToClient = 0;
    qint64 tokensIn = -1; // from the response's usage, when it has one
    qint64 tokensOut = -1;
    qint64 streamedPieces = 0;     // generated pieces a stream carried (see countGeneratedPieces)
    double backendTokensPerS = -1; // the backend's own generation speed, when it says
    QByteArray partialOutput; // a stream that broke: what the client had got (capped)
    QByteArray clientResponse; // the whole answer in the client's protocol, where it keeps answers (Responses)
};

struct AttemptSpec {
    http::UpstreamRequestSpec request;
    bool streaming = false;     // the client asked for a stream
    const FallbackPolicy *policy = nullptr; // asked before a failure becomes a fallback
    QString backendId;          // for messages
    QByteArray backendKey;      // never passed on: cut from a whole answer that repeats it
    std::function<QString(const QByteArray &)> validate; // a whole response: what is wrong with it, or empty
    // Set when the client speaks another protocol than the backend: the response goes
    // through it, and `validateContent` checks a whole answer's text instead of `validate`.
    std::shared_ptr<protocol::Transcoder> transcoder;
    std::function<QString(const QString &)> validateContent;
    // Set when the client asked in another shape than the OpenAI body sent (Ollama's
    // embeddings): a whole 2xx answer is rewritten by it (false with the reason when it
    // cannot read it), and the backend's errors are said in the client's protocol.
    std::function<bool(const QByteArray &upstream, QByteArray *client, QString *error)> reshape;
};

class UpstreamAttempt final : private http::UpstreamListener, private http::ExchangeObserver {
public:
    UpstreamAttempt(http::UpstreamPool &pool, http::HttpExchange *exchange, AttemptSpec spec);
    ~UpstreamAttempt();
    UpstreamAttempt(const UpstreamAttempt &) = delete;
    UpstreamAttempt &operator=(const UpstreamAttempt &) = delete;

    const Completion<AttemptResult> &result() const { return m_result; }

private:
    enum class Mode { WaitingForHead, CollectError, Buffer, Stream };

    void onUpstreamHead() override;
    void onUpstreamBody() override;
    void onUpstreamFinished() override;
    void onUpstreamFailed(const http::UpstreamError &error) override;
    void onClientGone() override;
    void onDrained() override;

    void commitStream();
    void streamToClient(QByteArray data);
    // What a whole 2xx answer became for the client.
    struct WholeAnswer {
        bool ok = false;
        QByteArray body;
        QString problem;
        protocol::Response response; // the transcoder's reading, for the content check
    };
    // A whole answer through the transcoder or the reshape, then to the client.
    void deliverWhole(const http::ResponseHead &head);
    void deliverConverted(const http::ResponseHead &head, WholeAnswer whole);
    void respondWhole(const http::ResponseHead &head, int status, const QByteArray &body,
                      std::optional<protocol::ApiError> unconverted = std::nullopt);
    QByteArray clientErrorBody(const protocol::ApiError &error) const;
    void onStreamError(const protocol::ApiError &error);
    void noteAnswerEnd(QByteArrayView data);
    void endIncompleteStream(QByteArray tail);
    void keepErrorBody(QByteArrayView data);
    void endStreamWithError(const protocol::ApiError &error);
    http::Headers clientHeaders(const http::ResponseHead &head) const;
    void finish(AttemptResult result);
    AttemptResult failure(protocol::ErrorKind kind, record::Trigger trigger, QString message) const;
    bool mayFallBack(record::Trigger trigger, int httpStatus = 0) const;
    // The backend's error status and message, as an error said in the client's protocol.
    protocol::ApiError backendError() const;
    // The backend's status (as the client's protocol knows it) and its Retry-After.
    void keepUpstreamStatus(protocol::ApiError &error) const;
    QString upstreamErrorMessage() const;

    QPointer<http::HttpExchange> m_exchange;
    AttemptSpec m_spec;
    std::unique_ptr<http::UpstreamRequest> m_upstream;
    Completion<AttemptResult> m_result;
    Mode m_mode = Mode::WaitingForHead;
    QByteArray m_buffered;
    bool m_errorBodyCut = false; // an error body longer than is kept
    bool m_answerEnded = false;  // a passed-through stream said its answer was complete
    QByteArray m_streamCarry;    // the end of the last read of it, for a mark split in two
    bool m_committed = false;
    std::int64_t m_firstByteNs = 0;
    std::int64_t m_bytesToClient = 0;
    QByteArray m_streamHead;     // the first 16 KiB a stream sent, for the record if it breaks
    QByteArray m_usageEvent;     // the last stream event that carried usage
    qint64 m_streamedPieces = 0;
    double m_backendTokensPerS = -1;
    std::shared_ptr<char> m_alive = std::make_shared<char>(); // work off the core thread checks it is still wanted
};

// Upstream response fields worth passing to the client (drops hop-by-hop and framing).
bool isForwardableResponseHeader(QByteArrayView name);

} // namespace sy::routing
