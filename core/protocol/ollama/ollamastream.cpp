#include "protocol/ollama/ollamacodec.h"

#include "protocol/decoderbase.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sy::protocol::ollama {

namespace {

// Ollama sends tool calls whole, in one line: their pieces are gathered first.
class Encoder final : public StreamEncoder {
public:
    explicit Encoder(Flavor flavor) : m_flavor(flavor), m_startNs(steadyNowNs()) {}

    void encode(const StreamEvent &e, QByteArray &out) override
    {
        if ((e.type == StreamEvent::Type::Text || e.type == StreamEvent::Type::ToolCallStart) && !m_firstTokenNs)
            m_firstTokenNs = steadyNowNs();
        switch (e.type) {
        case StreamEvent::Type::Start:
            m_model = e.name;
            return;
        case StreamEvent::Type::Text:
            line(out, e.text, {}, false);
            return;
        case StreamEvent::Type::ToolCallStart:
            m_calls.push_back({e.id, e.name, {}});
            return;
        case StreamEvent::Type::ToolCallArgs:
            if (e.index >= 0 && e.index < int(m_calls.size()))
                m_calls[std::size_t(e.index)].arguments += e.text;
            return;
        case StreamEvent::Type::Finish: {
            if (!m_calls.empty())
                line(out, {}, toolCallsJson(m_calls), false);
            QJsonObject last = body(QString(), {}, true);
            const qint64 now = steadyNowNs();
            const qint64 first = m_firstTokenNs ? m_firstTokenNs : now;
            addDone(last, e.stop, e.usage, {now - m_startNs, first - m_startNs, now - first});
            appendNdjson(out, last);
            return;
        }
        }
    }

    void error(const ApiError &error, QByteArray &out) override
    {
        appendNdjson(out, {{QStringLiteral("error"), error.message}});
    }

    QByteArray contentType() const override { return QByteArrayLiteral("application/x-ndjson"); }

private:
    QJsonObject body(const QString &text, const QJsonArray &calls, bool done) const
    {
        QJsonObject o = answerBase(m_model, done);
        if (m_flavor == Flavor::Prompt) {
            o.insert(QStringLiteral("response"), text);
        } else {
            QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), text}};
            if (!calls.isEmpty())
                message.insert(QStringLiteral("tool_calls"), calls);
            o.insert(QStringLiteral("message"), message);
        }
        return o;
    }

    void line(QByteArray &out, const QString &text, const QJsonArray &calls, bool done) const
    {
        appendNdjson(out, body(text, calls, done));
    }

    Flavor m_flavor;
    QString m_model;
    std::vector<ToolCall> m_calls;
    qint64 m_startNs;
    qint64 m_firstTokenNs = 0;
};

class Decoder final : public DecoderBase {
public:
    bool feed(QByteArrayView data, Events &out, ApiError *error) override
    {
        QByteArrayList lines;
        m_lines.feed(data, lines);
        for (const QByteArray &l : lines) {
            if (!handle(l, out, error))
                return false;
        }
        if (m_lines.buffered() > kMaxStreamEvent) {
            *error = oversizedEventError();
            return false;
        }
        return true;
    }

    bool finish(Events &out, ApiError *error) override
    {
        if (const QByteArray rest = m_lines.takeRest(); !rest.isEmpty() && !handle(rest, out, error))
            return false;
        finishOnce(out);
        return true;
    }

private:
    bool handle(const QByteArray &line, Events &out, ApiError *error)
    {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.contains(QLatin1String("error"))) {
            *error = makeError(ErrorKind::BadGateway, o.value(QLatin1String("error")).toString(), "stream_error");
            return false;
        }
        start(out, {}, o.value(QLatin1String("model")).toString());
        const QJsonObject message = o.value(QLatin1String("message")).toObject();
        text(out, message.isEmpty() ? o.value(QLatin1String("response")).toString() : message.value(QLatin1String("content")).toString());
        for (const QJsonValue &c : message.value(QLatin1String("tool_calls")).toArray()) { // each call whole
            const QJsonObject function = c.toObject().value(QLatin1String("function")).toObject();
            const QJsonValue arguments = function.value(QLatin1String("arguments"));
            toolArguments(out, startToolCall(out, c.toObject().value(QLatin1String("id")).toString(), function.value(QLatin1String("name")).toString()),
                          arguments.isString() ? arguments.toString() : compactJson(arguments.toObject()));
        }
        if (o.value(QLatin1String("done")).toBool()) {
            m_usage.input = o.value(QLatin1String("prompt_eval_count")).toInteger(-1);
            m_usage.output = o.value(QLatin1String("eval_count")).toInteger(-1);
            m_stop = o.value(QLatin1String("done_reason")).toString() == QLatin1String("length") ? StopReason::Length : StopReason::Stop;
            endOfAnswer(out);
        }
        return true;
    }

    LineReader m_lines;
};

} // namespace

std::unique_ptr<StreamEncoder> makeEncoder(const ClientContext &client)
{
    return std::make_unique<Encoder>(client.flavor);
}

std::unique_ptr<StreamDecoder> makeDecoder()
{
    return std::make_unique<Decoder>();
}

} // namespace sy::protocol::ollama
