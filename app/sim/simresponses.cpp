#include "simresponses.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sim {
namespace {

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// The text of a content list (input_text, output_text, text parts), or a plain string.
QString partsText(const QJsonValue &content, bool *hasImage)
{
    if (content.isString())
        return content.toString();
    QString text;
    for (const QJsonValue &v : content.toArray()) {
        const QJsonObject part = v.toObject();
        const QString type = str(part, "type");
        if (type == QLatin1String("input_image"))
            *hasImage = true;
        else
            text += str(part, "text");
    }
    return text;
}

QJsonObject chatMessage(const QString &role, const QString &text, bool image)
{
    QJsonArray parts{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}}};
    if (image)
        parts.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("image")}});
    return {{QStringLiteral("role"), role}, {QStringLiteral("content"), parts}};
}

QJsonObject usage(const Answer &a)
{
    return {{QStringLiteral("input_tokens"), a.promptTokens},
            {QStringLiteral("input_tokens_details"), QJsonObject{{QStringLiteral("cached_tokens"), 0}}},
            {QStringLiteral("output_tokens"), a.completionTokens},
            {QStringLiteral("output_tokens_details"), QJsonObject{{QStringLiteral("reasoning_tokens"), 0}}},
            {QStringLiteral("total_tokens"), a.promptTokens + a.completionTokens}};
}

QString itemId(const Answer &a, const QString &responseId)
{
    return (a.toolName.isEmpty() ? QStringLiteral("msg_") : QStringLiteral("fc_")) + responseId.mid(5);
}

QJsonObject textPart(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("output_text")}, {QStringLiteral("text"), text},
            {QStringLiteral("annotations"), QJsonArray()}, {QStringLiteral("logprobs"), QJsonArray()}};
}

// The answer's one output item; `done` false gives its shape at output_item.added.
QJsonObject outputItem(const Answer &a, const QString &responseId, bool done)
{
    const QString status = done ? QStringLiteral("completed") : QStringLiteral("in_progress");
    if (!a.toolName.isEmpty())
        return {{QStringLiteral("type"), QStringLiteral("function_call")},
                {QStringLiteral("id"), itemId(a, responseId)},
                {QStringLiteral("call_id"), a.toolCallId},
                {QStringLiteral("name"), a.toolName},
                {QStringLiteral("arguments"), done ? a.toolArguments : QString()},
                {QStringLiteral("status"), status}};
    return {{QStringLiteral("type"), QStringLiteral("message")},
            {QStringLiteral("id"), itemId(a, responseId)},
            {QStringLiteral("role"), QStringLiteral("assistant")},
            {QStringLiteral("status"), status},
            {QStringLiteral("content"), done ? QJsonArray{textPart(a.tokens.join(QString()))} : QJsonArray()}};
}

QJsonObject response(const Answer &a, const QString &id, const QString &model, qint64 createdAt, bool finished)
{
    const bool cutShort = a.finishReason == QLatin1String("length");
    QJsonObject r{{QStringLiteral("id"), id},
                  {QStringLiteral("object"), QStringLiteral("response")},
                  {QStringLiteral("created_at"), createdAt},
                  {QStringLiteral("status"), !finished ? QStringLiteral("in_progress") : cutShort ? QStringLiteral("incomplete") : QStringLiteral("completed")},
                  {QStringLiteral("model"), model},
                  {QStringLiteral("output"), finished ? QJsonArray{outputItem(a, id, true)} : QJsonArray()},
                  {QStringLiteral("error"), QJsonValue::Null},
                  {QStringLiteral("incomplete_details"), finished && cutShort ? QJsonValue(QJsonObject{{QStringLiteral("reason"), QStringLiteral("max_output_tokens")}})
                                                                               : QJsonValue(QJsonValue::Null)},
                  {QStringLiteral("parallel_tool_calls"), true},
                  {QStringLiteral("tool_choice"), QStringLiteral("auto")},
                  {QStringLiteral("tools"), QJsonArray()}};
    r.insert(QStringLiteral("usage"), finished ? QJsonValue(usage(a)) : QJsonValue(QJsonValue::Null));
    return r;
}

} // namespace

QString validateResponses(const QJsonObject &body)
{
    const QJsonValue input = body.value(QLatin1String("input"));
    if (!input.isString() && !input.isArray())
        return QStringLiteral("Missing required parameter: 'input'.");
    for (const QJsonValue &item : input.toArray()) {
        if (!item.isObject())
            return QStringLiteral("Invalid type for 'input[0]': expected an object.");
    }
    for (const QJsonValue &t : body.value(QLatin1String("tools")).toArray()) {
        const QJsonObject tool = t.toObject();
        if (str(tool, "type") == QLatin1String("function") && tool.contains(QLatin1String("function")))
            return QStringLiteral("Missing required parameter: 'tools[0].name'."); // the chat shape, sent to the wrong API
    }
    return {};
}

QJsonObject fromResponses(const QJsonObject &body)
{
    QJsonArray messages;
    if (body.value(QLatin1String("instructions")).isString())
        messages.append(chatMessage(QStringLiteral("system"), str(body, "instructions"), false));
    const QJsonValue input = body.value(QLatin1String("input"));
    if (input.isString())
        messages.append(chatMessage(QStringLiteral("user"), input.toString(), false));
    for (const QJsonValue &v : input.toArray()) {
        const QJsonObject item = v.toObject();
        const QString type = str(item, "type");
        if (type.isEmpty() || type == QLatin1String("message")) {
            bool image = false;
            const QString text = partsText(item.value(QLatin1String("content")), &image);
            const QString role = str(item, "role") == QLatin1String("developer") ? QStringLiteral("system") : str(item, "role");
            messages.append(chatMessage(role, text, image));
        } else if (type == QLatin1String("function_call") || type == QLatin1String("custom_tool_call")) {
            const QString arguments = type == QLatin1String("function_call") ? str(item, "arguments") : str(item, "input");
            messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                        {QStringLiteral("tool_calls"), QJsonArray{QJsonObject{{QStringLiteral("id"), str(item, "call_id")},
                                                                                             {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), str(item, "name")},
                                                                                                                                      {QStringLiteral("arguments"), arguments}}}}}}});
        } else if (type == QLatin1String("function_call_output") || type == QLatin1String("custom_tool_call_output")) {
            bool image = false;
            const QString output = partsText(item.value(QLatin1String("output")), &image);
            QJsonObject message = chatMessage(QStringLiteral("tool"), output, image);
            message.insert(QStringLiteral("tool_call_id"), str(item, "call_id"));
            messages.append(message);
        }
        // reasoning and other items carry nothing the planner reads
    }
    QJsonArray tools;
    for (const QJsonValue &t : body.value(QLatin1String("tools")).toArray()) {
        const QJsonObject tool = t.toObject();
        if (str(tool, "type") == QLatin1String("function"))
            tools.append(QJsonObject{{QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), tool.value(QLatin1String("name"))},
                                                                               {QStringLiteral("parameters"), tool.value(QLatin1String("parameters"))}}}});
    }
    QJsonObject out{{QStringLiteral("messages"), messages}, {QStringLiteral("tools"), tools}};
    if (body.contains(QLatin1String("max_output_tokens")))
        out.insert(QStringLiteral("max_tokens"), body.value(QLatin1String("max_output_tokens")));
    return out;
}

QByteArray responseObject(const Answer &a, const QString &id, const QString &model, qint64 createdAt)
{
    return json(response(a, id, model, createdAt, true));
}

QByteArrayList responseEvents(const Answer &a, const QString &id, const QString &model, qint64 createdAt)
{
    QByteArrayList out;
    int sequence = 0;
    auto push = [&](const char *type, QJsonObject data) {
        data.insert(QStringLiteral("type"), QLatin1String(type));
        data.insert(QStringLiteral("sequence_number"), sequence++);
        out << QByteArray("event: ") + type + "\ndata: " + json(data) + "\n\n";
    };
    const QString item = itemId(a, id);
    const QJsonObject at{{QStringLiteral("item_id"), item}, {QStringLiteral("output_index"), 0}};
    auto with = [](QJsonObject o, std::initializer_list<std::pair<QString, QJsonValue>> more) {
        for (const auto &[key, value] : more)
            o.insert(key, value);
        return o;
    };
    push("response.created", {{QStringLiteral("response"), response(a, id, model, createdAt, false)}});
    push("response.in_progress", {{QStringLiteral("response"), response(a, id, model, createdAt, false)}});
    push("response.output_item.added", {{QStringLiteral("output_index"), 0}, {QStringLiteral("item"), outputItem(a, id, false)}});
    if (a.toolName.isEmpty()) {
        const QJsonObject part = with(at, {{QStringLiteral("content_index"), 0}});
        push("response.content_part.added", with(part, {{QStringLiteral("part"), textPart(QString())}}));
        for (const QString &token : a.tokens)
            push("response.output_text.delta", with(part, {{QStringLiteral("delta"), token}, {QStringLiteral("logprobs"), QJsonArray()}}));
        const QString text = a.tokens.join(QString());
        push("response.output_text.done", with(part, {{QStringLiteral("text"), text}, {QStringLiteral("logprobs"), QJsonArray()}}));
        push("response.content_part.done", with(part, {{QStringLiteral("part"), textPart(text)}}));
    } else {
        // The arguments arrive in pieces, as real servers send them.
        const qsizetype step = std::max<qsizetype>(1, a.toolArguments.size() / 3 + 1);
        for (qsizetype from = 0; from < a.toolArguments.size(); from += step)
            push("response.function_call_arguments.delta", with(at, {{QStringLiteral("delta"), a.toolArguments.mid(from, step)}}));
        push("response.function_call_arguments.done", with(at, {{QStringLiteral("name"), a.toolName}, {QStringLiteral("arguments"), a.toolArguments}}));
    }
    push("response.output_item.done", {{QStringLiteral("output_index"), 0}, {QStringLiteral("item"), outputItem(a, id, true)}});
    const QJsonObject finished = response(a, id, model, createdAt, true);
    push(finished.value(QLatin1String("status")).toString() == QLatin1String("incomplete") ? "response.incomplete" : "response.completed",
         {{QStringLiteral("response"), finished}});
    return out;
}

} // namespace sim
