#include "protocol/anthropic/anthropiccodec.h"

#include "protocol/decoderbase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <map>

namespace sy::protocol::anthropic {
namespace {

class Encoder final : public StreamEncoder {
public:
    explicit Encoder(qint64 estimatedInputTokens) : m_estimatedInput(estimatedInputTokens) {}

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
                                    // Clients read the context size here: the backend's count if it
                                    // sent one this early, else an estimate (never 0).
                                    {QStringLiteral("usage"), QJsonObject{{QStringLiteral("input_tokens"), e.usage.input >= 0 ? e.usage.input : m_estimatedInput},
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
                       {QStringLiteral("usage"), QJsonObject{{QStringLiteral("input_tokens"), e.usage.input >= 0 ? e.usage.input : m_estimatedInput},
                                                             {QStringLiteral("output_tokens"), std::max<qint64>(0, e.usage.output)}}}});
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

    qint64 m_estimatedInput;
    int m_open = -1;
    bool m_openIsTool = false;
    int m_next = 0;
    std::map<int, int> m_toolBlocks; // tool-call index -> content block index
};

class Decoder final : public SseDecoder {
private:
    bool handle(const SseEvent &sse, Events &out, ApiError *error) override
    {
        const QJsonObject data = QJsonDocument::fromJson(sse.data).object();
        const QString type = data.value(QLatin1String("type")).toString();
        if (type == QLatin1String("message_start")) {
            const QJsonObject message = data.value(QLatin1String("message")).toObject();
            m_usage.input = inputTokens(message.value(QLatin1String("usage")).toObject());
            start(out, message.value(QLatin1String("id")).toString(), message.value(QLatin1String("model")).toString());
        } else if (type == QLatin1String("content_block_start")) {
            const QJsonObject block = data.value(QLatin1String("content_block")).toObject();
            if (block.value(QLatin1String("type")).toString() == QLatin1String("tool_use")) {
                const int call = startToolCall(out, block.value(QLatin1String("id")).toString(), block.value(QLatin1String("name")).toString());
                m_blocks[data.value(QLatin1String("index")).toInt()] = call;
                // Anthropic starts with an empty input and streams it; a compatible server may send it whole here.
                if (const QJsonObject input = block.value(QLatin1String("input")).toObject(); !input.isEmpty())
                    toolArguments(out, call, compactJson(input));
            }
        } else if (type == QLatin1String("content_block_delta")) {
            const QJsonObject delta = data.value(QLatin1String("delta")).toObject();
            const QString deltaType = delta.value(QLatin1String("type")).toString();
            if (deltaType == QLatin1String("text_delta")) {
                text(out, delta.value(QLatin1String("text")).toString());
            } else if (deltaType == QLatin1String("input_json_delta")) {
                if (const auto tool = m_blocks.find(data.value(QLatin1String("index")).toInt()); tool != m_blocks.end())
                    toolArguments(out, tool->second, delta.value(QLatin1String("partial_json")).toString());
            }
        } else if (type == QLatin1String("content_block_stop")) {
            if (const auto tool = m_blocks.find(data.value(QLatin1String("index")).toInt()); tool != m_blocks.end())
                endToolCall(out, tool->second);
        } else if (type == QLatin1String("message_delta")) {
            const QString stopReason = data.value(QLatin1String("delta")).toObject().value(QLatin1String("stop_reason")).toString();
            m_stop = stopFromName(stopReason);
            if (!stopReason.isEmpty())
                answerComplete();
            const QJsonObject usage = data.value(QLatin1String("usage")).toObject();
            if (usage.contains(QLatin1String("output_tokens")))
                m_usage.output = usage.value(QLatin1String("output_tokens")).toInteger(-1);
            if (usage.contains(QLatin1String("input_tokens")))
                m_usage.input = inputTokens(usage);
        } else if (type == QLatin1String("message_stop")) {
            endOfAnswer(out);
        } else if (type == QLatin1String("error") || sse.event == "error") {
            const QJsonObject e = data.value(QLatin1String("error")).toObject();
            const QString kind = e.value(QLatin1String("type")).toString();
            *error = makeError(kind == QLatin1String("overloaded_error")     ? ErrorKind::Unavailable
                               : kind == QLatin1String("rate_limit_error") ? ErrorKind::RateLimited
                                                                            : ErrorKind::BadGateway,
                               e.value(QLatin1String("message")).toString(QStringLiteral("the backend reported an error")), kind.toUtf8());
            return false;
        }
        return true;
    }

    std::map<int, int> m_blocks; // content block index -> tool-call index
};

} // namespace

std::unique_ptr<StreamEncoder> makeEncoder(const ClientContext &client)
{
    return std::make_unique<Encoder>(client.request ? client.request->estimatedTokens() : 0);
}

std::unique_ptr<StreamDecoder> makeDecoder()
{
    return std::make_unique<Decoder>();
}

} // namespace sy::protocol::anthropic
