#include "protocol/gemini/geminicodec.h"

#include "protocol/decoderbase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <map>

namespace sy::protocol::gemini {
namespace {

// Gemini sends a function call whole, so its pieces are gathered until the call is complete.
class Encoder final : public StreamEncoder {
public:
    explicit Encoder(bool array) : m_array(array) {}

    void encode(const StreamEvent &e, QByteArray &out) override
    {
        if (e.type != StreamEvent::Type::ToolCallArgs && e.type != StreamEvent::Type::Start)
            flushCall(out);
        switch (e.type) {
        case StreamEvent::Type::Start:
            m_id = e.id.isEmpty() ? newId("") : e.id;
            m_model = e.name;
            return;
        case StreamEvent::Type::Text:
            chunk(out, {QJsonObject{{QStringLiteral("text"), e.text}}}, {}, {});
            return;
        case StreamEvent::Type::ToolCallStart:
            m_call = {e.id, e.name, {}};
            m_hasCall = true;
            return;
        case StreamEvent::Type::ToolCallArgs:
            m_call.arguments += e.text;
            return;
        case StreamEvent::Type::Finish: {
            QJsonObject usage;
            if (e.usage.input >= 0 || e.usage.output >= 0) {
                const qint64 in = std::max<qint64>(0, e.usage.input), outTokens = std::max<qint64>(0, e.usage.output);
                usage = {{QStringLiteral("promptTokenCount"), in},
                         {QStringLiteral("candidatesTokenCount"), outTokens},
                         {QStringLiteral("totalTokenCount"), in + outTokens}};
            }
            chunk(out, {QJsonObject{{QStringLiteral("text"), QString()}}}, QLatin1String(finishReasonName(e.stop)), usage);
            if (m_array)
                out += "]";
            return;
        }
        }
    }

    void error(const ApiError &error, QByteArray &out) override
    {
        const QByteArray body = renderError(Protocol::Gemini, error);
        if (m_array)
            out += (m_first ? "[" : ",\r\n") + body + "]";
        else
            out += "data: " + body + "\r\n\r\n";
    }

    QByteArray contentType() const override { return m_array ? QByteArrayLiteral("application/json") : QByteArrayLiteral("text/event-stream"); }

private:
    void flushCall(QByteArray &out)
    {
        if (!m_hasCall)
            return;
        m_hasCall = false;
        chunk(out, {QJsonObject{{QStringLiteral("functionCall"), QJsonObject{{QStringLiteral("id"), m_call.id},
                                                                             {QStringLiteral("name"), m_call.name},
                                                                             {QStringLiteral("args"), argumentsObject(m_call.arguments)}}}}},
              {}, {});
    }

    void chunk(QByteArray &out, const QJsonArray &parts, const QString &finish, const QJsonObject &usage)
    {
        QJsonObject candidate{{QStringLiteral("content"), QJsonObject{{QStringLiteral("role"), QStringLiteral("model")}, {QStringLiteral("parts"), parts}}},
                              {QStringLiteral("index"), 0}};
        if (!finish.isEmpty())
            candidate.insert(QStringLiteral("finishReason"), finish);
        QJsonObject response{{QStringLiteral("candidates"), QJsonArray{candidate}},
                             {QStringLiteral("modelVersion"), m_model},
                             {QStringLiteral("responseId"), m_id}};
        if (!usage.isEmpty())
            response.insert(QStringLiteral("usageMetadata"), usage);
        const QByteArray json = QJsonDocument(response).toJson(QJsonDocument::Compact);
        if (m_array)
            out += (m_first ? "[" : ",\r\n") + json;
        else
            out += "data: " + json + "\r\n\r\n";
        m_first = false;
    }

    bool m_array;
    bool m_first = true;
    QString m_id;
    QString m_model;
    ToolCall m_call;
    bool m_hasCall = false;
};

class Decoder final : public SseDecoder {
private:
    bool handle(const SseEvent &event, Events &out, ApiError *error) override
    {
        const QJsonObject response = QJsonDocument::fromJson(event.data).object();
        if (response.contains(QLatin1String("error"))) {
            const QJsonObject e = response.value(QLatin1String("error")).toObject();
            *error = makeError(ErrorKind::BadGateway, e.value(QLatin1String("message")).toString(QStringLiteral("the backend reported an error")),
                               e.value(QLatin1String("status")).toString().toUtf8());
            return false;
        }
        start(out, response.value(QLatin1String("responseId")).toString(), response.value(QLatin1String("modelVersion")).toString());
        if (!response.value(QLatin1String("promptFeedback")).toObject().value(QLatin1String("blockReason")).toString().isEmpty()) {
            m_stop = StopReason::ContentFilter; // the prompt itself was refused: a complete, empty answer
            answerComplete();
        }
        const QJsonObject candidate = response.value(QLatin1String("candidates")).toArray().first().toObject();
        for (const QJsonValue &v : candidate.value(QLatin1String("content")).toObject().value(QLatin1String("parts")).toArray()) {
            const QJsonObject part = v.toObject();
            if (part.value(QLatin1String("thought")).toBool())
                continue;
            text(out, part.value(QLatin1String("text")).toString());
            const QJsonObject call = part.value(QLatin1String("functionCall")).toObject();
            if (!call.isEmpty()) // Gemini sends a call whole
                toolArguments(out, startToolCall(out, call.value(QLatin1String("id")).toString(), call.value(QLatin1String("name")).toString()),
                              compactJson(call.value(QLatin1String("args")).toObject()));
        }
        if (candidate.contains(QLatin1String("finishReason"))) {
            m_stop = stopFromFinishReason(candidate.value(QLatin1String("finishReason")).toString());
            answerComplete();
        }
        const QJsonObject usage = response.value(QLatin1String("usageMetadata")).toObject();
        if (!usage.isEmpty()) {
            m_usage.input = usage.value(QLatin1String("promptTokenCount")).toInteger(-1);
            m_usage.output = outputTokens(usage);
        }
        return true;
    }
};

} // namespace

std::unique_ptr<StreamEncoder> makeEncoder(const ClientContext &)
{
    return std::make_unique<Encoder>(false);
}

std::unique_ptr<StreamEncoder> makeArrayEncoder()
{
    return std::make_unique<Encoder>(true);
}

std::unique_ptr<StreamDecoder> makeDecoder()
{
    return std::make_unique<Decoder>();
}

} // namespace sy::protocol::gemini
