#pragma once
// What happened to one request, start to end: the feed publishes it, history stores it,
// metrics count it.

#include "record/routetrace.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QString>
#include <memory>
#include <vector>

namespace sy::record {

struct AttemptSummary {
    QByteArray model;   // candidate label
    QByteArray backend;
    QByteArray params;  // JSON object of the params the router added, or empty
    QByteArray outcome; // delivered, retryable, failed_after_commit, client_gone
    QByteArray trigger; // why it failed, if it did
    QString error;
    int status = 0;     // upstream status, 0 if none
    double latencyMs = 0;
};

struct RequestRecord {
    QByteArray id;
    qint64 startedUs = 0;      // wall clock, microseconds
    QString client;            // peer address
    QByteArray clientName;     // the name of the client key it came with, if any
    QByteArray inbound;        // openai, anthropic, gemini, ollama
    QByteArray endpoint;       // chat, completions, embeddings, ...
    QByteArray requested;      // the model name the client asked for
    QByteArray routeMode;
    QByteArrayList chain;      // candidate labels in order
    std::vector<AttemptSummary> attempts;
    QByteArray model;          // who served it (last attempt)
    QByteArray backend;
    int status = 0;            // what the client got (499: it left)
    bool stream = false;
    double latencyMs = 0;
    double ttftMs = -1;        // first byte to the client; -1 unknown
    qint64 tokensIn = -1;      // from the response's usage; -1 unknown
    qint64 tokensOut = -1;     // from the usage, else counted in the stream (tokensEstimated)
    bool tokensEstimated = false;
    double tokensPerS = -1;    // generation speed: the backend's figure, else from the first token on
    QString error;             // final error message, if any
    QByteArray partialOutput;  // what a stream had sent before it broke (first 16 KiB)
    // A Responses API answer to keep (the client asked to store it): its id, the response
    // object and the conversation's input items, as JSON. Empty when not kept.
    QByteArray storedResponseId;
    QByteArray storedResponse;
    QByteArray storedInputItems;
    std::shared_ptr<const RouteTrace> trace; // the explain trace

    // The record as JSON (the feed's "request" event, the history's row shape).
    void writeJson(json::Writer &w, bool withTrace = false) const;
    QByteArray json(bool withTrace = false) const;
};

// Where finished requests go (feed, history, metrics).
class RequestSink {
public:
    virtual void requestFinished(const RequestRecord &record) = 0;

protected:
    ~RequestSink() = default;
};

} // namespace sy::record
