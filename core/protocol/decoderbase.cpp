#include "protocol/decoderbase.h"

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
    if (index >= 0 && index < 10'000) { // the count of a response's tool calls, bounded by its size
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
    if (index < 0 || index >= m_toolCalls || (std::size_t(index) < m_hasArguments.size() && m_hasArguments[std::size_t(index)]))
        return;
    toolArguments(out, index, QStringLiteral("{}"));
}

bool SseDecoder::feed(QByteArrayView data, Events &out, ApiError *error)
{
    std::vector<SseEvent> events;
    m_sse.feed(data, events);
    for (const SseEvent &e : events) {
        if (!handle(e, out, error))
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
