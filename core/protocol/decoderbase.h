#pragma once
// What every backend stream decoder shares: a Start event first and a Finish event last,
// each exactly once, with the stop reason and usage gathered on the way; and, for the
// protocols that stream server-sent events, the framing.

#include "protocol/codec.h"
#include "protocol/framing.h"

#include <vector>

namespace sy::protocol {

class DecoderBase : public StreamDecoder {
public:
    bool complete() const final { return m_complete; }

protected:
    // The backend said its answer is complete; endOfAnswer also emits the Finish.
    void answerComplete() { m_complete = true; }
    void endOfAnswer(Events &out)
    {
        answerComplete();
        finishOnce(out);
    }
    // Emits Start unless it was emitted already.
    void start(Events &out, const QString &id = {}, const QString &model = {});
    // Emits Finish (and a Start before it if none came) unless it was emitted already.
    void finishOnce(Events &out);
    bool started() const { return m_started; }
    // Assigns the next tool-call index and emits ToolCallStart.
    int startToolCall(Events &out, QString id, const QString &name);
    static void text(Events &out, const QString &text);
    void toolArguments(Events &out, int index, const QString &arguments);
    // The backend closed a tool call: one that got no arguments (a call of a function
    // without parameters, streamed by Anthropic as an empty piece) gets "{}", which every
    // client can parse; "" is not JSON.
    void endToolCall(Events &out, int index);
    // A call's whole arguments given at its end, used only if none were streamed before.
    void toolArgumentsIfNone(Events &out, int index, const QString &arguments);

    StopReason m_stop = StopReason::Stop;
    Usage m_usage;
    int m_toolCalls = 0;

private:
    bool m_started = false;
    bool m_finished = false;
    bool m_complete = false;
    static constexpr int kTrackedCalls = 10'000; // calls past this many are not given "{}"
    bool hasArguments(int index) const { return index >= 0 && std::size_t(index) < m_hasArguments.size() && m_hasArguments[std::size_t(index)]; }
    std::vector<bool> m_hasArguments; // by tool-call index
};

class SseDecoder : public DecoderBase {
public:
    bool feed(QByteArrayView data, Events &out, ApiError *error) final;
    bool finish(Events &out, ApiError *error) final;
    qsizetype unconsumedBytes() const final { return m_sse.buffered(); }

protected:
    // One event; false with *error for an error the backend reported.
    virtual bool handle(const SseEvent &event, Events &out, ApiError *error) = 0;

private:
    SseReader m_sse;
};

} // namespace sy::protocol
