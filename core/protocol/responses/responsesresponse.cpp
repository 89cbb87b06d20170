#include "protocol/responses/responsescodec.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace sy::protocol::responses {
namespace {

QJsonValue extraOr(const Request *request, const char *key, const QJsonValue &fallback)
{
    if (!request || request->source != Protocol::Responses)
        return fallback;
    const QJsonValue v = request->extra.value(QLatin1String(key));
    return v.isUndefined() ? fallback : v;
}

// The request's own `instructions`, as OpenAI echoes them: not the system and developer
// messages of its input, which the canonical form keeps together with them.
QJsonValue instructionsOf(const Request *request)
{
    if (!request)
        return QJsonValue::Null;
    if (request->source == Protocol::Responses) {
        const QJsonValue given = request->original.value(QLatin1String("instructions"));
        return given.isString() ? given : QJsonValue(QJsonValue::Null);
    }
    return request->system.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(request->system);
}

QJsonValue optionalNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonArray toolsJson(const Request *request)
{
    QJsonArray tools;
    if (!request)
        return tools;
    for (const ToolSpec &t : request->tools) {
        if (t.kind == ToolSpec::Kind::Custom)
            tools.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("custom")},
                                     {QStringLiteral("name"), t.name},
                                     {QStringLiteral("description"), t.description}});
        else
            tools.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                     {QStringLiteral("name"), t.group.isEmpty() ? t.name : t.name.mid(t.group.size() + 2)},
                                     {QStringLiteral("description"), t.description},
                                     {QStringLiteral("parameters"), t.parameters},
                                     {QStringLiteral("strict"), false}});
    }
    return tools;
}

QJsonValue toolChoiceJson(const Request *request)
{
    if (!request)
        return QStringLiteral("auto");
    switch (request->toolChoice) {
    case ToolChoice::Auto: return QStringLiteral("auto");
    case ToolChoice::None: return QStringLiteral("none");
    case ToolChoice::Required: return QStringLiteral("required");
    case ToolChoice::Named:
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("function")}, {QStringLiteral("name"), request->toolChoiceName}};
    }
    return QStringLiteral("auto");
}

QJsonValue usageJson(const Usage &usage)
{
    if (usage.input < 0 && usage.output < 0)
        return QJsonValue(QJsonValue::Null);
    const qint64 in = std::max<qint64>(0, usage.input), out = std::max<qint64>(0, usage.output);
    return QJsonObject{{QStringLiteral("input_tokens"), in},
                       {QStringLiteral("input_tokens_details"), QJsonObject{{QStringLiteral("cached_tokens"), 0}}},
                       {QStringLiteral("output_tokens"), out},
                       {QStringLiteral("output_tokens_details"), QJsonObject{{QStringLiteral("reasoning_tokens"), 0}}},
                       {QStringLiteral("total_tokens"), in + out}};
}

const ToolSpec *toolNamed(const Request *request, const QString &name)
{
    if (!request)
        return nullptr;
    for (const ToolSpec &t : request->tools) {
        if (t.name == name)
            return &t;
    }
    return nullptr;
}

} // namespace

QJsonObject messageItem(const QString &id, const QString &text, const QString &status)
{
    QJsonArray content;
    if (status == QLatin1String("completed") || !text.isEmpty())
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("output_text")},
                                   {QStringLiteral("text"), text},
                                   {QStringLiteral("annotations"), QJsonArray()},
                                   {QStringLiteral("logprobs"), QJsonArray()}});
    return {{QStringLiteral("type"), QStringLiteral("message")},
            {QStringLiteral("id"), id},
            {QStringLiteral("status"), status},
            {QStringLiteral("role"), QStringLiteral("assistant")},
            {QStringLiteral("content"), status == QLatin1String("in_progress") ? QJsonArray() : content}};
}

QJsonObject callItem(const ToolCall &call, const QString &status, const Request *request)
{
    const ToolSpec *tool = toolNamed(request, call.name);
    if (tool && tool->kind == ToolSpec::Kind::Custom)
        return {{QStringLiteral("type"), QStringLiteral("custom_tool_call")},
                {QStringLiteral("id"), QStringLiteral("ctc_") + call.id},
                {QStringLiteral("call_id"), call.id},
                {QStringLiteral("name"), call.name},
                {QStringLiteral("input"), status == QLatin1String("in_progress") ? QString()
                                                                                   : argumentsObject(call.arguments).value(QLatin1String("input")).toString()},
                {QStringLiteral("status"), status}};
    QJsonObject item{{QStringLiteral("type"), QStringLiteral("function_call")},
                     {QStringLiteral("id"), QStringLiteral("fc_") + call.id},
                     {QStringLiteral("call_id"), call.id},
                     {QStringLiteral("name"), tool && !tool->group.isEmpty() ? call.name.mid(tool->group.size() + 2) : call.name},
                     {QStringLiteral("arguments"), status == QLatin1String("in_progress") ? QString() : call.arguments},
                     {QStringLiteral("status"), status}};
    if (tool && !tool->group.isEmpty())
        item.insert(QStringLiteral("namespace"), tool->group);
    return item;
}

StopReason incompleteStop(const QJsonObject &response)
{
    const QString reason = response.value(QLatin1String("incomplete_details")).toObject().value(QLatin1String("reason")).toString();
    return reason == QLatin1String("content_filter") ? StopReason::ContentFilter : StopReason::Length;
}

QString statusFor(StopReason stop)
{
    return stop == StopReason::Length || stop == StopReason::ContentFilter ? QStringLiteral("incomplete") : QStringLiteral("completed");
}

QJsonObject responseObject(const QString &id, const QString &model, qint64 createdAt, const QString &status, const QJsonArray &output,
                           const Usage &usage, const ClientContext &client, StopReason stop)
{
    const Request *request = client.request.get();
    QJsonObject text{{QStringLiteral("format"), QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}}}};
    if (request && !request->responseFormat.isEmpty()) {
        QJsonObject format{{QStringLiteral("type"), request->responseFormat}};
        if (request->responseFormat == QLatin1String("json_schema"))
            format.insert(QStringLiteral("schema"), request->responseSchema);
        text.insert(QStringLiteral("format"), format);
    }
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("object"), QStringLiteral("response")},
                  {QStringLiteral("created_at"), createdAt},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("error"), QJsonValue::Null},
                  {QStringLiteral("incomplete_details"), QJsonValue::Null},
                  {QStringLiteral("instructions"), instructionsOf(request)},
                  {QStringLiteral("max_output_tokens"), request && request->params.maxTokens ? QJsonValue(*request->params.maxTokens)
                                                                                             : QJsonValue(QJsonValue::Null)},
                  {QStringLiteral("model"), model},
                  {QStringLiteral("output"), output},
                  {QStringLiteral("parallel_tool_calls"), extraOr(request, "parallel_tool_calls", true)},
                  {QStringLiteral("previous_response_id"), extraOr(request, "previous_response_id", QJsonValue(QJsonValue::Null))},
                  {QStringLiteral("reasoning"), extraOr(request, "reasoning", QJsonObject{{QStringLiteral("effort"), QJsonValue::Null},
                                                                                          {QStringLiteral("summary"), QJsonValue::Null}})},
                  {QStringLiteral("store"), extraOr(request, "store", true)},
                  {QStringLiteral("temperature"), optionalNumber(request ? request->params.temperature : std::nullopt)},
                  {QStringLiteral("text"), text},
                  {QStringLiteral("tool_choice"), toolChoiceJson(request)},
                  {QStringLiteral("tools"), toolsJson(request)},
                  {QStringLiteral("top_p"), optionalNumber(request ? request->params.topP : std::nullopt)},
                  {QStringLiteral("truncation"), QStringLiteral("disabled")},
                  {QStringLiteral("usage"), usageJson(usage)},
                  {QStringLiteral("user"), extraOr(request, "user", QJsonValue(QJsonValue::Null))},
                  {QStringLiteral("metadata"), extraOr(request, "metadata", QJsonObject())}};
    if (status == QLatin1String("incomplete"))
        o.insert(QStringLiteral("incomplete_details"),
                 QJsonObject{{QStringLiteral("reason"), stop == StopReason::ContentFilter ? QStringLiteral("content_filter") : QStringLiteral("max_output_tokens")}});
    return o;
}

QByteArray encodeResponse(const Response &r, const ClientContext &client)
{
    QJsonArray output;
    if (!r.text.isEmpty() || r.toolCalls.empty())
        output.append(messageItem(newId("msg_"), r.text, QStringLiteral("completed")));
    for (const ToolCall &call : r.toolCalls)
        output.append(callItem(call, QStringLiteral("completed"), client.request.get()));
    return QJsonDocument(responseObject(newId("resp_"), r.model, QDateTime::currentSecsSinceEpoch(), statusFor(r.stop), output, r.usage, client, r.stop))
        .toJson(QJsonDocument::Compact);
}

bool decodeResponse(const QByteArray &body, Response &out, QString *error)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    if (root.value(QLatin1String("object")).toString() != QLatin1String("response") && !root.contains(QLatin1String("output"))) {
        *error = QStringLiteral("the answer is not a Responses API response object");
        return false;
    }
    out.id = root.value(QLatin1String("id")).toString();
    out.model = root.value(QLatin1String("model")).toString();
    for (const QJsonValue &v : root.value(QLatin1String("output")).toArray()) {
        const QJsonObject item = v.toObject();
        const QString type = item.value(QLatin1String("type")).toString();
        if (type == QLatin1String("message")) {
            for (const QJsonValue &c : item.value(QLatin1String("content")).toArray()) {
                const QJsonObject part = c.toObject();
                out.text += part.value(QLatin1String(part.value(QLatin1String("type")).toString() == QLatin1String("refusal") ? "refusal" : "text")).toString();
            }
        } else if (type == QLatin1String("function_call")) {
            out.toolCalls.push_back({item.value(QLatin1String("call_id")).toString(), item.value(QLatin1String("name")).toString(),
                                     item.value(QLatin1String("arguments")).toString()});
        } else if (type == QLatin1String("custom_tool_call")) {
            out.toolCalls.push_back({item.value(QLatin1String("call_id")).toString(), item.value(QLatin1String("name")).toString(),
                                     compactJson({{QStringLiteral("input"), item.value(QLatin1String("input")).toString()}})});
        }
    }
    const QJsonObject usage = root.value(QLatin1String("usage")).toObject();
    out.usage.input = usage.value(QLatin1String("input_tokens")).toInteger(-1);
    out.usage.output = usage.value(QLatin1String("output_tokens")).toInteger(-1);
    out.stop = root.value(QLatin1String("status")).toString() == QLatin1String("incomplete") ? incompleteStop(root)
               : out.toolCalls.empty()                                                         ? StopReason::Stop
                                                                                               : StopReason::ToolCalls;
    return true;
}

} // namespace sy::protocol::responses
