#include "protocol/openai/openaicodec.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace sy::protocol::openai {

const char *finishReasonName(StopReason stop)
{
    switch (stop) {
    case StopReason::Stop: return "stop";
    case StopReason::Length: return "length";
    case StopReason::ToolCalls: return "tool_calls";
    case StopReason::ContentFilter: return "content_filter";
    case StopReason::Other: return "stop";
    }
    return "stop";
}

StopReason stopFromFinishReason(const QString &reason)
{
    if (reason == QLatin1String("length"))
        return StopReason::Length;
    if (reason == QLatin1String("tool_calls") || reason == QLatin1String("function_call"))
        return StopReason::ToolCalls;
    if (reason == QLatin1String("content_filter"))
        return StopReason::ContentFilter;
    return StopReason::Stop;
}

QByteArray encodeResponse(const Response &r, const ClientContext &client)
{
    const Flavor flavor = client.flavor;
    QJsonObject choice{{QStringLiteral("index"), 0},
                       {QStringLiteral("logprobs"), QJsonValue::Null},
                       {QStringLiteral("finish_reason"), QLatin1String(finishReasonName(r.stop))}};
    if (flavor == Flavor::Prompt) {
        choice.insert(QStringLiteral("text"), r.text);
    } else {
        QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")},
                            {QStringLiteral("content"), r.text.isEmpty() && !r.toolCalls.empty() ? QJsonValue() : QJsonValue(r.text)}};
        if (!r.toolCalls.empty()) {
            QJsonArray calls;
            for (const ToolCall &c : r.toolCalls)
                calls.append(QJsonObject{{QStringLiteral("id"), c.id},
                                         {QStringLiteral("type"), QStringLiteral("function")},
                                         {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), c.name},
                                                                                  {QStringLiteral("arguments"), c.arguments}}}});
            message.insert(QStringLiteral("tool_calls"), calls);
        }
        choice.insert(QStringLiteral("message"), message);
    }
    QJsonObject out{{QStringLiteral("id"), r.id.isEmpty() ? newId("chatcmpl-") : r.id},
                    {QStringLiteral("object"), flavor == Flavor::Prompt ? QStringLiteral("text_completion") : QStringLiteral("chat.completion")},
                    {QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()},
                    {QStringLiteral("model"), r.model},
                    {QStringLiteral("choices"), QJsonArray{choice}}};
    if (r.usage.input >= 0 || r.usage.output >= 0) {
        const qint64 in = std::max<qint64>(0, r.usage.input), outTokens = std::max<qint64>(0, r.usage.output);
        out.insert(QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), in},
                                                        {QStringLiteral("completion_tokens"), outTokens},
                                                        {QStringLiteral("total_tokens"), in + outTokens}});
    }
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

bool decodeResponse(const QByteArray &body, Response &out, QString *error)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonObject root = doc.object();
    const QJsonArray choices = root.value(QLatin1String("choices")).toArray();
    if (!doc.isObject() || choices.isEmpty()) {
        *error = QStringLiteral("the response is not an OpenAI chat completion");
        return false;
    }
    out.id = root.value(QLatin1String("id")).toString();
    out.model = root.value(QLatin1String("model")).toString();
    const QJsonObject choice = choices.first().toObject();
    const QJsonObject message = choice.value(QLatin1String("message")).toObject();
    const QJsonValue content = message.value(QLatin1String("content"));
    if (content.isArray()) {
        for (const QJsonValue &part : content.toArray())
            out.text += part.toObject().value(QLatin1String("text")).toString();
    } else {
        out.text = content.isString() ? content.toString() : choice.value(QLatin1String("text")).toString();
    }
    for (const QJsonValue &c : message.value(QLatin1String("tool_calls")).toArray()) {
        const QJsonObject function = c.toObject().value(QLatin1String("function")).toObject();
        QString id = c.toObject().value(QLatin1String("id")).toString();
        out.toolCalls.push_back({id.isEmpty() ? newId("call_") : id, function.value(QLatin1String("name")).toString(),
                                 function.value(QLatin1String("arguments")).toString()});
    }
    out.stop = stopFromFinishReason(choice.value(QLatin1String("finish_reason")).toString());
    if (!out.toolCalls.empty() && out.stop == StopReason::Stop)
        out.stop = StopReason::ToolCalls;
    const QJsonObject usage = root.value(QLatin1String("usage")).toObject();
    if (!usage.isEmpty()) {
        out.usage.input = usage.value(QLatin1String("prompt_tokens")).toInteger(-1);
        out.usage.output = usage.value(QLatin1String("completion_tokens")).toInteger(-1);
    }
    return true;
}

} // namespace sy::protocol::openai
