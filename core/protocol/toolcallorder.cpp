#include "protocol/toolcallorder.h"

#include <QJsonDocument>

#include <algorithm>

namespace sy::protocol {
namespace {

bool isWholeJson(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    return error.error == QJsonParseError::NoError && !document.isNull();
}

} // namespace

void ToolCallOrder::pass(const StreamEvent &e, Events &out)
{
    switch (e.type) {
    case StreamEvent::Type::ToolCallStart:
        if (m_current < 0 || (m_held.empty() && isWholeJson(m_currentArguments))) {
            m_current = e.index;
            m_currentArguments.clear();
            out.push_back(e);
        } else {
            m_held.push_back({e, {}});
        }
        return;
    case StreamEvent::Type::ToolCallArgs: {
        if (e.index == m_current) {
            m_currentArguments += e.text;
            out.push_back(e);
            return;
        }
        const auto held = std::find_if(m_held.begin(), m_held.end(), [&](const Held &h) { return h.start.index == e.index; });
        if (held != m_held.end())
            held->arguments += e.text;
        else
            out.push_back(e); // a call never started: the encoder's to judge
        return;
    }
    case StreamEvent::Type::Finish:
        if (!m_heldText.isEmpty()) {
            StreamEvent text;
            text.type = StreamEvent::Type::Text;
            text.text = std::move(m_heldText);
            out.push_back(std::move(text));
            m_heldText.clear();
        }
        for (Held &h : m_held) {
            out.push_back(h.start);
            if (!h.arguments.isEmpty()) {
                StreamEvent arguments;
                arguments.type = StreamEvent::Type::ToolCallArgs;
                arguments.index = h.start.index;
                arguments.text = std::move(h.arguments);
                out.push_back(std::move(arguments));
            }
        }
        m_held.clear();
        out.push_back(e);
        return;
    case StreamEvent::Type::Text:
        if (m_current >= 0 && (!m_held.empty() || !isWholeJson(m_currentArguments))) {
            m_heldText += e.text;
            return;
        }
        out.push_back(e);
        return;
    case StreamEvent::Type::Start:
        out.push_back(e);
        return;
    }
}

} // namespace sy::protocol
