#include "protocol/decoderbase.h"

#include <algorithm>

namespace sy::protocol {

void DecoderBase::start(Events &out, const QString &id, const QString &model)
{
    if (m_started)
        return;
    m_started = true;
    StreamEvent s;
    s.type = StreamEvent::Type::Start;
    s.id = id;
    s.name = model;
    s.usage = m_usage;
    out.push_back(std::move(s));
}

void DecoderBase::finishOnce(Events &out)
{
    if (m_finished)
        return;
    start(out);
    m_finished = true;
    for (int i = 0; i < m_toolCalls; ++i) // calls no end event closed (an OpenAI stream's)
        endToolCall(out, i);
    StreamEvent f;
    f.type = StreamEvent::Type::Finish;
    f.stop = m_toolCalls > 0 && m_stop == StopReason::Stop ? StopReason::ToolCalls : m_stop;
    f.usage = m_usage;
    out.push_back(std::move(f));
}

int DecoderBase::startToolCall(Events &out, QString id, const QString &name)
{
    StreamEvent s;
    s.type = StreamEvent::Type::ToolCallStart;
    s.index = m_toolCalls++;
    s.id = id.isEmpty() ? newId("call_") : std::move(id);
    s.name = name;
    out.push_back(s);
    return s.index;
}

void DecoderBase::text(Events &out, const QString &text)
{
    if (text.isEmpty())
        return;
    StreamEvent t;
    t.type = StreamEvent::Type::Text;
    t.text = text;
    out.push_back(std::move(t));
}

void DecoderBase::toolArguments(Events &out, int index, const QString &arguments)
{
    if (arguments.isEmpty())
        return;
    if (index >= 0 && index < kTrackedCalls) {
        if (std::size_t(index) >= m_hasArguments.size())
            m_hasArguments.resize(std::size_t(index) + 1);
        m_hasArguments[std::size_t(index)] = true;
    }
    StreamEvent a;
    a.type = StreamEvent::Type::ToolCallArgs;
    a.index = index;
    a.text = arguments;
    out.push_back(std::move(a));
}

void DecoderBase::endToolCall(Events &out, int index)
{
    toolArgumentsIfNone(out, index, QStringLiteral("{}"));
}

void DecoderBase::toolArgumentsIfNone(Events &out, int index, const QString &arguments)
{
    if (index >= 0 && index < std::min(m_toolCalls, kTrackedCalls) && !hasArguments(index))
        toolArguments(out, index, arguments);
}

bool SseDecoder::feed(QByteArrayView data, Events &out, ApiError *error)
{
    std::vector<SseEvent> events;
    m_sse.feed(data, events);
    for (const SseEvent &e : events) {
        if (!handle(e, out, error))
            return false;
    }
    if (m_sse.buffered() > kMaxStreamEvent) {
        *error = oversizedEventError();
        return false;
    }
    return true;
}

bool SseDecoder::finish(Events &out, ApiError *error)
{
    std::vector<SseEvent> events;
    m_sse.finish(events);
    for (const SseEvent &e : events) {
        if (!handle(e, out, error))
            return false;
    }
    finishOnce(out);
    return true;
}

} // namespace sy::protocol
