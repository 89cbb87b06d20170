#include "protocol/gemini/geminicodec.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace sy::protocol::gemini {

const char *finishReasonName(StopReason stop)
{
    switch (stop) {
    case StopReason::Stop: return "STOP";
    case StopReason::Length: return "MAX_TOKENS";
    case StopReason::ToolCalls: return "STOP"; // Gemini ends a function call with STOP
    case StopReason::ContentFilter: return "SAFETY";
    case StopReason::Other: return "OTHER";
    }
    return "STOP";
}

StopReason stopFromFinishReason(const QString &reason)
{
    if (reason == QLatin1String("MAX_TOKENS"))
        return StopReason::Length;
    if (reason == QLatin1String("SAFETY") || reason == QLatin1String("RECITATION") || reason == QLatin1String("BLOCKLIST") ||
        reason == QLatin1String("PROHIBITED_CONTENT") || reason == QLatin1String("SPII"))
        return StopReason::ContentFilter;
    if (reason == QLatin1String("STOP") || reason.isEmpty())
        return StopReason::Stop;
    return StopReason::Other;
}

QByteArray encodeResponse(const Response &r, const ClientContext &)
{
    QJsonArray parts;
    if (!r.text.isEmpty() || r.toolCalls.empty())
        parts.append(QJsonObject{{QStringLiteral("text"), r.text}});
    for (const ToolCall &c : r.toolCalls)
        parts.append(QJsonObject{{QStringLiteral("functionCall"), QJsonObject{{QStringLiteral("id"), c.id},
                                                                              {QStringLiteral("name"), c.name},
                                                                              {QStringLiteral("args"), argumentsObject(c.arguments)}}}});
    QJsonObject out{{QStringLiteral("candidates"),
                     QJsonArray{QJsonObject{{QStringLiteral("content"), QJsonObject{{QStringLiteral("role"), QStringLiteral("model")}, {QStringLiteral("parts"), parts}}},
                                            {QStringLiteral("finishReason"), QLatin1String(finishReasonName(r.stop))},
                                            {QStringLiteral("index"), 0}}}},
                    {QStringLiteral("modelVersion"), r.model},
                    {QStringLiteral("responseId"), r.id.isEmpty() ? newId("") : r.id}};
    if (r.usage.input >= 0 || r.usage.output >= 0) {
        const qint64 in = std::max<qint64>(0, r.usage.input), outTokens = std::max<qint64>(0, r.usage.output);
        out.insert(QStringLiteral("usageMetadata"), QJsonObject{{QStringLiteral("promptTokenCount"), in},
                                                                {QStringLiteral("candidatesTokenCount"), outTokens},
                                                                {QStringLiteral("totalTokenCount"), in + outTokens}});
    }
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

bool decodeResponse(const QByteArray &body, Response &out, QString *error)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    const QJsonArray candidates = root.value(QLatin1String("candidates")).toArray();
    if (candidates.isEmpty()) {
        const QString blocked = root.value(QLatin1String("promptFeedback")).toObject().value(QLatin1String("blockReason")).toString();
        if (!blocked.isEmpty()) { // the prompt itself was refused: an empty, filtered answer
            out.stop = StopReason::ContentFilter;
            return true;
        }
        *error = QStringLiteral("the response is not a Gemini GenerateContentResponse");
        return false;
    }
    out.id = root.value(QLatin1String("responseId")).toString();
    out.model = root.value(QLatin1String("modelVersion")).toString();
    const QJsonObject candidate = candidates.first().toObject();
    for (const QJsonValue &v : candidate.value(QLatin1String("content")).toObject().value(QLatin1String("parts")).toArray()) {
        const QJsonObject part = v.toObject();
        if (part.value(QLatin1String("thought")).toBool())
            continue;
        if (part.contains(QLatin1String("text")))
            out.text += part.value(QLatin1String("text")).toString();
        const QJsonObject call = part.value(QLatin1String("functionCall")).toObject();
        if (!call.isEmpty()) {
            const QString id = call.value(QLatin1String("id")).toString();
            out.toolCalls.push_back({id.isEmpty() ? newId("call_") : id, call.value(QLatin1String("name")).toString(),
                                     compactJson(call.value(QLatin1String("args")).toObject())});
        }
    }
    out.stop = stopFromFinishReason(candidate.value(QLatin1String("finishReason")).toString());
    if (!out.toolCalls.empty() && out.stop == StopReason::Stop)
        out.stop = StopReason::ToolCalls;
    const QJsonObject usage = root.value(QLatin1String("usageMetadata")).toObject();
    out.usage.input = usage.value(QLatin1String("promptTokenCount")).toInteger(-1);
    out.usage.output = outputTokens(usage);
    return true;
}

qint64 outputTokens(const QJsonObject &usageMetadata)
{
    const qint64 candidates = usageMetadata.value(QLatin1String("candidatesTokenCount")).toInteger(-1);
    const qint64 thoughts = std::max<qint64>(0, usageMetadata.value(QLatin1String("thoughtsTokenCount")).toInteger(0));
    if (candidates < 0 && thoughts == 0)
        return -1;
    return std::min<qint64>(std::max<qint64>(0, candidates) + thoughts, qint64(1) << 48);
}

} // namespace sy::protocol::gemini
