#pragma once
// What an OpenAI-shaped answer says about generation, read without parsing it whole:
// llama-server's own speed figure, a stream's usage event, and a count of generated pieces
// in a stream for when the backend sends no usage (most clients do not ask for
// stream_options.include_usage).

#include <QByteArrayView>

namespace sy::protocol::openai {

// "timings": {"predicted_per_second": N} as llama-server sends it with a whole answer or a
// stream's last event; -1 when the bytes do not carry it.
double readPredictedPerSecond(QByteArrayView bytes);

// The payload of the SSE "data:" line that holds the chunk's last "usage" key (from the
// last "data:" before that key to the end of its line); empty when there is none.
QByteArrayView lastUsageEvent(QByteArrayView chunk);

// Stream events' pieces of generated text, reasoning or tool-call arguments in these bytes
// (non-empty "content", "reasoning_content", "text" or "arguments" strings). A local
// server sends one token per piece; remote APIs may send several, so it is an estimate.
int countGeneratedPieces(QByteArrayView bytes);

// Whether these stream bytes hold the end of an answer: "data: [DONE]", or a
// "finish_reason" with a value (not null). A stream that stops without either was cut short.
bool marksAnswerEnd(QByteArrayView bytes);

} // namespace sy::protocol::openai
