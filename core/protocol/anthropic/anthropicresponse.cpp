#include "protocol/anthropic/anthropiccodec.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace sy::protocol::anthropic {

const char *stopReasonName(StopReason stop)
{
    switch (stop) {
    case StopReason::Stop: return "end_turn";
    case StopReason::Length: return "max_tokens";
    case StopReason::ToolCalls: return "tool_use";
    case StopReason::ContentFilter: return "refusal";
    case StopReason::Other: return "end_turn";
    }
    return "end_turn";
}

StopReason stopFromName(const QString &name)
{
    if (name == QLatin1String("max_tokens"))
        return StopReason::Length;
    if (name == QLatin1String("tool_use"))
        return StopReason::ToolCalls;
    if (name == QLatin1String("refusal"))
        return StopReason::ContentFilter;
    return StopReason::Stop; // end_turn, stop_sequence, pause_turn
}

QByteArray encodeResponse(const Response &r, const ClientContext &)
{
    QJsonArray content;
    if (!r.text.isEmpty()) // an empty answer is no block: Anthropic refuses an empty text block sent back
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), r.text}});
    for (const ToolCall &c : r.toolCalls)
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_use")},
                                   {QStringLiteral("id"), c.id},
                                   {QStringLiteral("name"), c.name},
                                   {QStringLiteral("input"), argumentsObject(c.arguments)}});
    const QJsonObject out{{QStringLiteral("id"), r.id.startsWith(QLatin1String("msg_")) ? r.id : newId("msg_")},
                          {QStringLiteral("type"), QStringLiteral("message")},
                          {QStringLiteral("role"), QStringLiteral("assistant")},
                          {QStringLiteral("model"), r.model},
                          {QStringLiteral("content"), content},
                          {QStringLiteral("stop_reason"), QLatin1String(stopReasonName(r.stop))},
                          {QStringLiteral("stop_sequence"), QJsonValue::Null},
                          {QStringLiteral("usage"), QJsonObject{{QStringLiteral("input_tokens"), std::max<qint64>(0, r.usage.input)},
                                                                {QStringLiteral("output_tokens"), std::max<qint64>(0, r.usage.output)}}}};
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

bool decodeResponse(const QByteArray &body, Response &out, QString *error)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    if (root.value(QLatin1String("type")).toString() != QLatin1String("message")) {
        *error = QStringLiteral("the response is not an Anthropic message");
        return false;
    }
    out.id = root.value(QLatin1String("id")).toString();
    out.model = root.value(QLatin1String("model")).toString();
    for (const QJsonValue &v : root.value(QLatin1String("content")).toArray()) {
        const QJsonObject block = v.toObject();
        const QString type = block.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text"))
            out.text += block.value(QLatin1String("text")).toString();
        else if (type == QLatin1String("tool_use"))
            out.toolCalls.push_back({block.value(QLatin1String("id")).toString(), block.value(QLatin1String("name")).toString(),
                                     compactJson(block.value(QLatin1String("input")).toObject())});
    }
    out.stop = stopFromName(root.value(QLatin1String("stop_reason")).toString());
    const QJsonObject usage = root.value(QLatin1String("usage")).toObject();
    out.usage.input = inputTokens(usage);
    out.usage.output = usage.value(QLatin1String("output_tokens")).toInteger(-1);
    return true;
}

qint64 inputTokens(const QJsonObject &usage)
{
    const qint64 input = usage.value(QLatin1String("input_tokens")).toInteger(-1);
    if (input < 0)
        return -1;
    const qint64 cached = std::max<qint64>(0, usage.value(QLatin1String("cache_creation_input_tokens")).toInteger(0)) +
                          std::max<qint64>(0, usage.value(QLatin1String("cache_read_input_tokens")).toInteger(0));
    return std::min<qint64>(input + cached, qint64(1) << 48); // bounded: no overflow from a hostile backend
}

} // namespace sy::protocol::anthropic
