#include "protocol/openai/openaicodec.h"

#include "protocol/framing.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <map>

namespace sy::protocol::openai {
namespace {

class Encoder final : public StreamEncoder {
public:
    explicit Encoder(Flavor flavor) : m_flavor(flavor) {}

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
            if (e.usage.input >= 0 || e.usage.output >= 0) {
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
    QString m_id;
    QString m_model;
};

class Decoder final : public StreamDecoder {
public:
    bool feed(QByteArrayView data, Events &out, ApiError *error) override
    {
        std::vector<SseEvent> events;
        m_sse.feed(data, events);
        for (const SseEvent &e : events) {
            if (!handle(e.data, out, error))
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
            handle(e.data, out, &ignored);
        finishOnce(out);
    }

private:
    bool handle(const QByteArray &data, Events &out, ApiError *error)
    {
        if (data == "[DONE]") {
            finishOnce(out);
            return true;
        }
        const QJsonObject chunk = QJsonDocument::fromJson(data).object();
        if (chunk.contains(QLatin1String("error"))) {
            const QJsonValue e = chunk.value(QLatin1String("error"));
            *error = makeError(ErrorKind::BadGateway, e.isObject() ? e.toObject().value(QLatin1String("message")).toString() : e.toString(),
                               "stream_error");
            return false;
        }
        if (!m_started) {
            m_started = true;
            StreamEvent start;
            start.type = StreamEvent::Type::Start;
            start.id = chunk.value(QLatin1String("id")).toString();
            start.name = chunk.value(QLatin1String("model")).toString();
            out.push_back(start);
        }
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
        const QString text = delta.contains(QLatin1String("content")) ? delta.value(QLatin1String("content")).toString()
                                                                      : choice.value(QLatin1String("text")).toString();
        if (!text.isEmpty()) {
            StreamEvent t;
            t.type = StreamEvent::Type::Text;
            t.text = text;
            out.push_back(t);
        }
        for (const QJsonValue &v : delta.value(QLatin1String("tool_calls")).toArray()) {
            const QJsonObject call = v.toObject();
            const int upstreamIndex = call.value(QLatin1String("index")).toInt();
            const QJsonObject function = call.value(QLatin1String("function")).toObject();
            auto known = m_calls.find(upstreamIndex);
            if (known == m_calls.end()) {
                StreamEvent s;
                s.type = StreamEvent::Type::ToolCallStart;
                s.index = int(m_calls.size());
                s.id = call.value(QLatin1String("id")).toString();
                if (s.id.isEmpty())
                    s.id = newId("call_");
                s.name = function.value(QLatin1String("name")).toString();
                known = m_calls.emplace(upstreamIndex, s.index).first;
                out.push_back(s);
            }
            const QString arguments = function.value(QLatin1String("arguments")).toString();
            if (!arguments.isEmpty()) {
                StreamEvent a;
                a.type = StreamEvent::Type::ToolCallArgs;
                a.index = known->second;
                a.text = arguments;
                out.push_back(a);
            }
        }
        const QJsonValue finish = choice.value(QLatin1String("finish_reason"));
        if (finish.isString())
            m_stop = stopFromFinishReason(finish.toString());
        return true;
    }

    void finishOnce(Events &out)
    {
        if (m_finished)
            return;
        m_finished = true;
        if (!m_started) {
            StreamEvent start;
            start.type = StreamEvent::Type::Start;
            out.push_back(start);
        }
        StreamEvent f;
        f.type = StreamEvent::Type::Finish;
        f.stop = !m_calls.empty() && m_stop == StopReason::Stop ? StopReason::ToolCalls : m_stop;
        f.usage = m_usage;
        out.push_back(f);
    }

    SseReader m_sse;
    bool m_started = false;
    bool m_finished = false;
    std::map<int, int> m_calls; // upstream tool-call index -> ours
    StopReason m_stop = StopReason::Stop;
    Usage m_usage;
};

} // namespace

std::unique_ptr<StreamEncoder> makeEncoder(Flavor flavor)
{
    return std::make_unique<Encoder>(flavor);
}

std::unique_ptr<StreamDecoder> makeDecoder()
{
    return std::make_unique<Decoder>();
}

} // namespace sy::protocol::openai
