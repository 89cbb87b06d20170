#include "protocol/ollama/ollamacodec.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace sy::protocol::ollama {
namespace {

const char *doneReason(StopReason stop)
{
    return stop == StopReason::Length ? "length" : "stop";
}

} // namespace

QJsonObject answerBase(const QString &model, bool done)
{
    return {{QStringLiteral("model"), model},
            {QStringLiteral("created_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
            {QStringLiteral("done"), done}};
}

void addDone(QJsonObject &o, StopReason stop, const Usage &usage, const Durations &d)
{
    o.insert(QStringLiteral("done_reason"), QLatin1String(doneReason(stop)));
    o.insert(QStringLiteral("total_duration"), double(std::max<qint64>(1, d.totalNs)));
    o.insert(QStringLiteral("load_duration"), 0);
    o.insert(QStringLiteral("prompt_eval_count"), std::max<qint64>(0, usage.input));
    o.insert(QStringLiteral("prompt_eval_duration"), double(std::max<qint64>(1, d.promptEvalNs)));
    o.insert(QStringLiteral("eval_count"), std::max<qint64>(0, usage.output));
    o.insert(QStringLiteral("eval_duration"), double(std::max<qint64>(1, d.evalNs)));
}

QJsonArray toolCallsJson(const std::vector<ToolCall> &calls)
{
    QJsonArray out;
    for (const ToolCall &c : calls)
        out.append(QJsonObject{{QStringLiteral("id"), c.id},
                               {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), c.name},
                                                                        {QStringLiteral("arguments"), argumentsObject(c.arguments)}}}});
    return out;
}

QByteArray encodeResponse(const Response &r, const ClientContext &client)
{
    const Flavor flavor = client.flavor;
    QJsonObject out = answerBase(r.model, true);
    if (flavor == Flavor::Prompt) {
        out.insert(QStringLiteral("response"), r.text);
    } else {
        QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), r.text}};
        if (!r.toolCalls.empty())
            message.insert(QStringLiteral("tool_calls"), toolCallsJson(r.toolCalls));
        out.insert(QStringLiteral("message"), message);
    }
    // A whole answer: only its total time is known here; generation is most of it.
    const qint64 totalNs = client.startedNs > 0 ? steadyNowNs() - client.startedNs : 0;
    addDone(out, r.stop, r.usage, {totalNs, 0, totalNs});
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

bool decodeResponse(const QByteArray &body, Response &out, QString *error)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    if (!root.contains(QLatin1String("message")) && !root.contains(QLatin1String("response"))) {
        *error = QStringLiteral("the response is not an Ollama chat answer");
        return false;
    }
    out.model = root.value(QLatin1String("model")).toString();
    const QJsonObject message = root.value(QLatin1String("message")).toObject();
    out.text = message.isEmpty() ? root.value(QLatin1String("response")).toString() : message.value(QLatin1String("content")).toString();
    for (const QJsonValue &c : message.value(QLatin1String("tool_calls")).toArray()) {
        const QJsonObject function = c.toObject().value(QLatin1String("function")).toObject();
        const QString id = c.toObject().value(QLatin1String("id")).toString();
        const QJsonValue arguments = function.value(QLatin1String("arguments"));
        out.toolCalls.push_back({id.isEmpty() ? newId("call_") : id, function.value(QLatin1String("name")).toString(),
                                 arguments.isString() ? arguments.toString() : compactJson(arguments.toObject())});
    }
    out.stop = root.value(QLatin1String("done_reason")).toString() == QLatin1String("length") ? StopReason::Length
               : out.toolCalls.empty()                                                      ? StopReason::Stop
                                                                                           : StopReason::ToolCalls;
    out.usage.input = root.value(QLatin1String("prompt_eval_count")).toInteger(-1);
    out.usage.output = root.value(QLatin1String("eval_count")).toInteger(-1);
    return true;
}

} // namespace sy::protocol::ollama
