#include "protocol/openai/openaicodec.h"

#include "protocol/decoderbase.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <map>

namespace sy::protocol::openai {
namespace {

class Encoder final : public StreamEncoder {
public:
    Encoder(Flavor flavor, bool usageChunk) : m_flavor(flavor), m_usageChunk(usageChunk) {}

    void encode(const StreamEvent &e, QByteArray &out) override
    {
        switch (e.type) {
        case StreamEvent::Type::Start:
            m_id = e.id.isEmpty() ? newId("chatcmpl-") : e.id;
            m_model = e.name;
            if (m_flavor == Flavor::Chat)
                chunk(out, {{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), QString()}}, {});
            return;
        case StreamEvent::Type::Text:
            chunk(out, {{QStringLiteral("content"), e.text}}, {}, e.text);
            return;
        case StreamEvent::Type::ToolCallStart:
            chunk(out, {{QStringLiteral("tool_calls"),
                         QJsonArray{QJsonObject{{QStringLiteral("index"), e.index},
                                                {QStringLiteral("id"), e.id},
                                                {QStringLiteral("type"), QStringLiteral("function")},
                                                {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), e.name},
                                                                                         {QStringLiteral("arguments"), QString()}}}}}}},
                  {});
            return;
        case StreamEvent::Type::ToolCallArgs:
            chunk(out, {{QStringLiteral("tool_calls"),
                         QJsonArray{QJsonObject{{QStringLiteral("index"), e.index},
                                                {QStringLiteral("function"), QJsonObject{{QStringLiteral("arguments"), e.text}}}}}}},
                  {});
            return;
        case StreamEvent::Type::Finish:
            chunk(out, {}, QLatin1String(finishReasonName(e.stop)));
            // Only when asked for: a chunk without choices breaks clients that read choices[0].
            if (m_usageChunk && (e.usage.input >= 0 || e.usage.output >= 0)) {
                QJsonObject usage = base();
                usage.insert(QStringLiteral("choices"), QJsonArray());
                const qint64 in = std::max<qint64>(0, e.usage.input), outTokens = std::max<qint64>(0, e.usage.output);
                usage.insert(QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), in},
                                                                  {QStringLiteral("completion_tokens"), outTokens},
                                                                  {QStringLiteral("total_tokens"), in + outTokens}});
                appendSse(out, {}, usage);
            }
            out += "data: [DONE]\n\n";
            return;
        }
    }

    void error(const ApiError &error, QByteArray &out) override
    {
        out += "data: " + renderError(Protocol::OpenAI, error) + "\n\n";
    }

    QByteArray contentType() const override { return QByteArrayLiteral("text/event-stream"); }

private:
    QJsonObject base() const
    {
        return {{QStringLiteral("id"), m_id},
                {QStringLiteral("object"), m_flavor == Flavor::Prompt ? QStringLiteral("text_completion") : QStringLiteral("chat.completion.chunk")},
                {QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()},
                {QStringLiteral("model"), m_model}};
    }

    void chunk(QByteArray &out, const QJsonObject &delta, const QJsonValue &finish, const QString &text = {})
    {
        QJsonObject choice{{QStringLiteral("index"), 0}, {QStringLiteral("finish_reason"), finish.isUndefined() ? QJsonValue() : finish}};
        if (m_flavor == Flavor::Prompt) {
            choice.insert(QStringLiteral("text"), text);
            choice.insert(QStringLiteral("logprobs"), QJsonValue::Null);
        } else {
            choice.insert(QStringLiteral("delta"), delta);
        }
        QJsonObject c = base();
        c.insert(QStringLiteral("choices"), QJsonArray{choice});
        appendSse(out, {}, c);
    }

    Flavor m_flavor;
    bool m_usageChunk;
    QString m_id;
    QString m_model;
};

class Decoder final : public SseDecoder {
private:
    bool handle(const SseEvent &event, Events &out, ApiError *error) override
    {
        if (event.data == "[DONE]") {
            endOfAnswer(out);
            return true;
        }
        const QJsonObject chunk = QJsonDocument::fromJson(event.data).object();
        if (chunk.contains(QLatin1String("error"))) {
            const QJsonValue e = chunk.value(QLatin1String("error"));
            *error = makeError(ErrorKind::BadGateway, e.isObject() ? e.toObject().value(QLatin1String("message")).toString() : e.toString(),
                               "stream_error");
            return false;
        }
        start(out, chunk.value(QLatin1String("id")).toString(), chunk.value(QLatin1String("model")).toString());
        const QJsonObject usage = chunk.value(QLatin1String("usage")).toObject();
        if (!usage.isEmpty()) {
            m_usage.input = usage.value(QLatin1String("prompt_tokens")).toInteger(-1);
            m_usage.output = usage.value(QLatin1String("completion_tokens")).toInteger(-1);
        }
        const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
        if (choices.isEmpty())
            return true;
        const QJsonObject choice = choices.first().toObject();
        const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
        text(out, delta.contains(QLatin1String("content")) ? delta.value(QLatin1String("content")).toString()
                                                          : choice.value(QLatin1String("text")).toString());
        for (const QJsonValue &v : delta.value(QLatin1String("tool_calls")).toArray()) {
            const QJsonObject call = v.toObject();
            const QJsonObject function = call.value(QLatin1String("function")).toObject();
            auto known = m_calls.find(call.value(QLatin1String("index")).toInt());
            if (known == m_calls.end())
                known = m_calls.emplace(call.value(QLatin1String("index")).toInt(),
                                        startToolCall(out, call.value(QLatin1String("id")).toString(), function.value(QLatin1String("name")).toString()))
                            .first;
            toolArguments(out, known->second, function.value(QLatin1String("arguments")).toString());
        }
        const QJsonValue finish = choice.value(QLatin1String("finish_reason"));
        if (finish.isString()) {
            m_stop = stopFromFinishReason(finish.toString());
            answerComplete();
        }
        return true;
    }

    std::map<int, int> m_calls; // upstream tool-call index -> ours
};

} // namespace

std::unique_ptr<StreamEncoder> makeEncoder(const ClientContext &client)
{
    return std::make_unique<Encoder>(client.flavor, !client.request || client.request->streamUsage); // without a request (tests): as asked
}

std::unique_ptr<StreamDecoder> makeDecoder()
{
    return std::make_unique<Decoder>();
}

} // namespace sy::protocol::openai
