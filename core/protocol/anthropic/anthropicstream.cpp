#include "protocol/anthropic/anthropiccodec.h"

#include "protocol/framing.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <map>

namespace sy::protocol::anthropic {
namespace {

class Encoder final : public StreamEncoder {
public:
    void encode(const StreamEvent &e, QByteArray &out) override
    {
        switch (e.type) {
        case StreamEvent::Type::Start:
            appendSse(out, "message_start",
                      {{QStringLiteral("type"), QStringLiteral("message_start")},
                       {QStringLiteral("message"),
                        QJsonObject{{QStringLiteral("id"), e.id.startsWith(QLatin1String("msg_")) ? e.id : newId("msg_")},
                                    {QStringLiteral("type"), QStringLiteral("message")},
                                    {QStringLiteral("role"), QStringLiteral("assistant")},
                                    {QStringLiteral("model"), e.name},
                                    {QStringLiteral("content"), QJsonArray()},
                                    {QStringLiteral("stop_reason"), QJsonValue::Null},
                                    {QStringLiteral("stop_sequence"), QJsonValue::Null},
                                    {QStringLiteral("usage"), QJsonObject{{QStringLiteral("input_tokens"), std::max<qint64>(0, e.usage.input)},
                                                                          {QStringLiteral("output_tokens"), 0}}}}}});
            appendSse(out, "ping", {{QStringLiteral("type"), QStringLiteral("ping")}});
            return;
        case StreamEvent::Type::Text:
            if (m_open < 0 || m_openIsTool) {
                closeBlock(out);
                openBlock(out, {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), QString()}}, false);
            }
            delta(out, m_open, {{QStringLiteral("type"), QStringLiteral("text_delta")}, {QStringLiteral("text"), e.text}});
            return;
        case StreamEvent::Type::ToolCallStart:
            closeBlock(out);
            openBlock(out, {{QStringLiteral("type"), QStringLiteral("tool_use")},
                            {QStringLiteral("id"), e.id},
                            {QStringLiteral("name"), e.name},
                            {QStringLiteral("input"), QJsonObject()}},
                      true);
            m_toolBlocks[e.index] = m_open;
            return;
        case StreamEvent::Type::ToolCallArgs: {
            const auto block = m_toolBlocks.find(e.index);
            if (block != m_toolBlocks.end())
                delta(out, block->second, {{QStringLiteral("type"), QStringLiteral("input_json_delta")}, {QStringLiteral("partial_json"), e.text}});
            return;
        }
        case StreamEvent::Type::Finish:
            closeBlock(out);
            appendSse(out, "message_delta",
                      {{QStringLiteral("type"), QStringLiteral("message_delta")},
                       {QStringLiteral("delta"), QJsonObject{{QStringLiteral("stop_reason"), QLatin1String(stopReasonName(e.stop))},
                                                             {QStringLiteral("stop_sequence"), QJsonValue::Null}}},
                       {QStringLiteral("usage"), QJsonObject{{QStringLiteral("output_tokens"), std::max<qint64>(0, e.usage.output)}}}});
            appendSse(out, "message_stop", {{QStringLiteral("type"), QStringLiteral("message_stop")}});
            return;
        }
    }

    void error(const ApiError &error, QByteArray &out) override
    {
        out += "event: error\ndata: " + renderError(Protocol::Anthropic, error) + "\n\n";
    }

    QByteArray contentType() const override { return QByteArrayLiteral("text/event-stream"); }

private:
    void openBlock(QByteArray &out, const QJsonObject &block, bool tool)
    {
        m_open = m_next++;
        m_openIsTool = tool;
        appendSse(out, "content_block_start",
                  {{QStringLiteral("type"), QStringLiteral("content_block_start")}, {QStringLiteral("index"), m_open}, {QStringLiteral("content_block"), block}});
    }

    void closeBlock(QByteArray &out)
    {
        if (m_open < 0)
            return;
        appendSse(out, "content_block_stop", {{QStringLiteral("type"), QStringLiteral("content_block_stop")}, {QStringLiteral("index"), m_open}});
        m_open = -1;
    }

    static void delta(QByteArray &out, int index, const QJsonObject &d)
    {
        appendSse(out, "content_block_delta",
                  {{QStringLiteral("type"), QStringLiteral("content_block_delta")}, {QStringLiteral("index"), index}, {QStringLiteral("delta"), d}});
    }

    int m_open = -1;
    bool m_openIsTool = false;
    int m_next = 0;
    std::map<int, int> m_toolBlocks; // tool-call index -> content block index
};

class Decoder final : public StreamDecoder {
public:
    bool feed(QByteArrayView data, Events &out, ApiError *error) override
    {
        std::vector<SseEvent> events;
        m_sse.feed(data, events);
        for (const SseEvent &e : events) {
            if (!handle(e, out, error))
                return false;
        }
        return true;
    }

    void finish(Events &out) override
    {
        std::vector<SseEvent> events;
        m_sse.finish(events);
        ApiError ignored;
        for (const SseEvent &e : events)
            handle(e, out, &ignored);
        finishOnce(out);
    }

private:
    bool handle(const SseEvent &sse, Events &out, ApiError *error)
    {
        const QJsonObject data = QJsonDocument::fromJson(sse.data).object();
        const QString type = data.value(QLatin1String("type")).toString();
        if (type == QLatin1String("message_start")) {
            const QJsonObject message = data.value(QLatin1String("message")).toObject();
            m_usage.input = message.value(QLatin1String("usage")).toObject().value(QLatin1String("input_tokens")).toInteger(-1);
            StreamEvent s;
            s.type = StreamEvent::Type::Start;
            s.id = message.value(QLatin1String("id")).toString();
            s.name = message.value(QLatin1String("model")).toString();
            s.usage = m_usage;
            m_started = true;
            out.push_back(s);
        } else if (type == QLatin1String("content_block_start")) {
            const QJsonObject block = data.value(QLatin1String("content_block")).toObject();
            if (block.value(QLatin1String("type")).toString() == QLatin1String("tool_use")) {
                StreamEvent s;
                s.type = StreamEvent::Type::ToolCallStart;
                s.index = int(m_tools.size());
                s.id = block.value(QLatin1String("id")).toString();
                s.name = block.value(QLatin1String("name")).toString();
                m_tools[data.value(QLatin1String("index")).toInt()] = s.index;
                out.push_back(s);
            }
        } else if (type == QLatin1String("content_block_delta")) {
            const QJsonObject delta = data.value(QLatin1String("delta")).toObject();
            const QString deltaType = delta.value(QLatin1String("type")).toString();
            StreamEvent s;
            if (deltaType == QLatin1String("text_delta")) {
                s.type = StreamEvent::Type::Text;
                s.text = delta.value(QLatin1String("text")).toString();
                out.push_back(s);
            } else if (deltaType == QLatin1String("input_json_delta")) {
                const auto tool = m_tools.find(data.value(QLatin1String("index")).toInt());
                if (tool != m_tools.end()) {
                    s.type = StreamEvent::Type::ToolCallArgs;
                    s.index = tool->second;
                    s.text = delta.value(QLatin1String("partial_json")).toString();
                    out.push_back(s);
                }
            }
        } else if (type == QLatin1String("message_delta")) {
            m_stop = stopFromName(data.value(QLatin1String("delta")).toObject().value(QLatin1String("stop_reason")).toString());
            const QJsonObject usage = data.value(QLatin1String("usage")).toObject();
            if (usage.contains(QLatin1String("output_tokens")))
                m_usage.output = usage.value(QLatin1String("output_tokens")).toInteger(-1);
            if (usage.contains(QLatin1String("input_tokens")))
                m_usage.input = usage.value(QLatin1String("input_tokens")).toInteger(-1);
        } else if (type == QLatin1String("message_stop")) {
            finishOnce(out);
        } else if (type == QLatin1String("error") || sse.event == "error") {
            const QJsonObject e = data.value(QLatin1String("error")).toObject();
            *error = makeError(ErrorKind::BadGateway, e.value(QLatin1String("message")).toString(QStringLiteral("the backend reported an error")),
                               e.value(QLatin1String("type")).toString().toUtf8());
            return false;
        }
        return true;
    }

    void finishOnce(Events &out)
    {
        if (m_finished)
            return;
        m_finished = true;
        if (!m_started)
            out.push_back({StreamEvent::Type::Start, {}, 0, {}, {}, StopReason::Stop, {}});
        StreamEvent f;
        f.type = StreamEvent::Type::Finish;
        f.stop = m_stop;
        f.usage = m_usage;
        out.push_back(f);
    }

    SseReader m_sse;
    bool m_started = false;
    bool m_finished = false;
    std::map<int, int> m_tools; // content block index -> tool-call index
    StopReason m_stop = StopReason::Stop;
    Usage m_usage;
};

} // namespace

std::unique_ptr<StreamEncoder> makeEncoder(Flavor)
{
    return std::make_unique<Encoder>();
}

std::unique_ptr<StreamDecoder> makeDecoder()
{
    return std::make_unique<Decoder>();
}

} // namespace sy::protocol::anthropic
