#pragma once
// Stream framing shared by the adapters: server-sent events (OpenAI, Anthropic, Gemini)
// and newline-delimited JSON (Ollama), read incrementally and written.

#include "protocol/apierror.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QJsonObject>
#include <vector>

namespace sy::protocol {

struct SseEvent {
    QByteArray event; // "event:" field, empty if none
    QByteArray data;  // "data:" lines joined with '\n'
};

// The largest stream event (or NDJSON line) a backend may send: one event can carry a
// generated image, but a backend that never ends its event must not fill the memory.
constexpr qsizetype kMaxStreamEvent = 32 * 1024 * 1024;

// Collects complete events from pieces of a stream that may split anywhere. Each byte is
// searched for an event's end once, however finely a large event is split.
class SseReader {
public:
    void feed(QByteArrayView data, std::vector<SseEvent> &out);
    // What is left when the stream ends (an event without its blank line).
    void finish(std::vector<SseEvent> &out);
    qsizetype buffered() const { return m_buffer.size(); } // the start of an event, not yet whole

private:
    void parseEvent(QByteArrayView block, std::vector<SseEvent> &out);
    QByteArray m_buffer; // holds no complete event between calls
};

// Collects complete lines (without the newline).
class LineReader {
public:
    void feed(QByteArrayView data, QByteArrayList &out);
    QByteArray takeRest();
    qsizetype buffered() const { return m_buffer.size(); } // the start of a line, not yet whole

private:
    QByteArray m_buffer; // holds no newline between calls
};

// The error for a backend whose event (or line) outgrew kMaxStreamEvent.
ApiError oversizedEventError();

// "event: NAME\ndata: JSON\n\n" (no event line when `name` is empty).
void appendSse(QByteArray &out, QByteArrayView name, const QJsonObject &data);
// "JSON\n"
void appendNdjson(QByteArray &out, const QJsonObject &data);

} // namespace sy::protocol
