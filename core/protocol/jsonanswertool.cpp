#include "protocol/jsonanswertool.h"

#include <algorithm>

namespace sy::protocol {

bool wantsJsonAnswerTool(const Request &request)
{
    if (request.responseFormat.isEmpty() || !request.tools.empty())
        return false;
    const QJsonValue type = request.responseSchema.value(QLatin1String("type"));
    return request.responseSchema.isEmpty() || type == QLatin1String("object"); // Anthropic's input schemas are objects
}

void unwrapJsonAnswer(Response &response)
{
    const auto call = std::find_if(response.toolCalls.begin(), response.toolCalls.end(),
                                   [](const ToolCall &c) { return c.name == QLatin1String(kJsonAnswerTool); });
    if (call == response.toolCalls.end())
        return;
    response.text += call->arguments;
    response.toolCalls.erase(call);
    if (response.toolCalls.empty() && response.stop == StopReason::ToolCalls)
        response.stop = StopReason::Stop;
}

void JsonAnswerStream::pass(const StreamEvent &e, Events &out)
{
    switch (e.type) {
    case StreamEvent::Type::ToolCallStart:
        if (e.name == QLatin1String(kJsonAnswerTool)) {
            m_call = e.index;
            return;
        }
        break;
    case StreamEvent::Type::ToolCallArgs:
        if (e.index == m_call) {
            StreamEvent text;
            text.type = StreamEvent::Type::Text;
            text.text = e.text;
            out.push_back(std::move(text));
            return;
        }
        break;
    case StreamEvent::Type::Finish:
        if (m_call >= 0 && e.stop == StopReason::ToolCalls) {
            StreamEvent finish = e;
            finish.stop = StopReason::Stop;
            out.push_back(std::move(finish));
            return;
        }
        break;
    case StreamEvent::Type::Start:
    case StreamEvent::Type::Text:
        break;
    }
    out.push_back(e);
}

} // namespace sy::protocol
