#include "protocol/openai/openaicodec.h"

#include "protocol/fieldtypes.h"
#include "protocol/params.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sy::protocol::openai {
namespace {

const QStringList kKnownKeys = {
    QStringLiteral("model"), QStringLiteral("messages"), QStringLiteral("prompt"), QStringLiteral("tools"),
    QStringLiteral("tool_choice"), QStringLiteral("temperature"), QStringLiteral("top_p"), QStringLiteral("top_k"),
    QStringLiteral("max_tokens"), QStringLiteral("max_completion_tokens"), QStringLiteral("seed"), QStringLiteral("stop"),
    QStringLiteral("presence_penalty"), QStringLiteral("frequency_penalty"), QStringLiteral("stream"),
    QStringLiteral("stream_options"), QStringLiteral("response_format"), QStringLiteral("functions"), QStringLiteral("function_call"),
};

QString contentText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QString text;
    for (const QJsonValue &part : content.toArray()) {
        if (part.toObject().value(QLatin1String("type")).toString() == QLatin1String("text"))
            text += part.toObject().value(QLatin1String("text")).toString();
    }
    return text;
}

Part imagePart(const QString &url)
{
    Part p;
    p.kind = Part::Kind::Image;
    if (url.startsWith(QLatin1String("data:"))) { // data:image/png;base64,....
        const qsizetype comma = url.indexOf(QLatin1Char(','));
        p.mimeType = url.mid(5, url.indexOf(QLatin1Char(';')) - 5);
        p.data = url.mid(comma + 1).toLatin1();
    } else {
        p.url = url;
    }
    return p;
}

void readContent(const QJsonValue &content, std::vector<Part> &parts)
{
    if (content.isString()) {
        if (!content.toString().isEmpty())
            parts.push_back(Part::textPart(content.toString()));
        return;
    }
    for (const QJsonValue &v : content.toArray()) {
        const QJsonObject part = v.toObject();
        const QString type = part.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text"))
            parts.push_back(Part::textPart(part.value(QLatin1String("text")).toString()));
        else if (type == QLatin1String("image_url"))
            parts.push_back(imagePart(part.value(QLatin1String("image_url")).toObject().value(QLatin1String("url")).toString()));
    }
}

QJsonValue contentJson(const std::vector<Part> &parts)
{
    bool onlyText = true;
    QString text;
    QJsonArray array;
    for (const Part &p : parts) {
        if (p.kind == Part::Kind::Text) {
            text += p.text;
            array.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), p.text}});
        } else if (p.kind == Part::Kind::Image) {
            onlyText = false;
            const QString url = p.data.isEmpty() ? p.url : QStringLiteral("data:%1;base64,%2").arg(p.mimeType, QString::fromLatin1(p.data));
            array.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("image_url")},
                                     {QStringLiteral("image_url"), QJsonObject{{QStringLiteral("url"), url}}}});
        }
    }
    return onlyText ? QJsonValue(text) : QJsonValue(array);
}

} // namespace

std::vector<ToolSpec> readTools(const QJsonArray &tools)
{
    std::vector<ToolSpec> out;
    for (const QJsonValue &t : tools) {
        const QJsonObject function = t.toObject().value(QLatin1String("function")).toObject();
        out.push_back(ToolSpec::function(function.value(QLatin1String("name")).toString(), function.value(QLatin1String("description")).toString(),
                                         function.value(QLatin1String("parameters")).toObject()));
        out.back().strict = function.value(QLatin1String("strict")).toBool(false);
    }
    return out;
}

QJsonArray toolsJson(const std::vector<ToolSpec> &tools)
{
    QJsonArray out;
    for (const ToolSpec &t : tools) {
        QJsonObject function{{QStringLiteral("name"), t.name}, {QStringLiteral("description"), t.description}, {QStringLiteral("parameters"), t.parameters}};
        if (t.strict) // false is the default here, and not every compatible server knows the field
            function.insert(QStringLiteral("strict"), true);
        out.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function")}, {QStringLiteral("function"), function}});
    }
    return out;
}

bool parseRequest(const QJsonObject &body, Flavor flavor, Request &out, QString *error)
{
    out.source = Protocol::OpenAI;
    out.model = body.value(QLatin1String("model")).toString();
    out.stream = body.value(QLatin1String("stream")).toBool();
    out.streamUsage = body.value(QLatin1String("stream_options")).toObject().value(QLatin1String("include_usage")).toBool();
    if (flavor == Flavor::Prompt) {
        const QJsonValue prompt = body.value(QLatin1String("prompt"));
        const QString text = prompt.isArray() ? prompt.toArray().first().toString() : prompt.toString();
        out.messages.push_back({Role::User, {Part::textPart(text)}});
    } else {
        const QJsonValue messages = body.value(QLatin1String("messages"));
        if (!messages.isArray()) {
            *error = QStringLiteral("messages must be an array");
            return false;
        }
        QStringList system;
        QHash<QString, QString> callNames; // tool call id -> function, for the results that answer them
        for (const QJsonValue &v : messages.toArray()) {
            const QJsonObject m = v.toObject();
            const QString role = m.value(QLatin1String("role")).toString();
            if (role == QLatin1String("system") || role == QLatin1String("developer")) {
                system << contentText(m.value(QLatin1String("content")));
            } else if (role == QLatin1String("user")) {
                Message message{Role::User, {}};
                readContent(m.value(QLatin1String("content")), message.parts);
                out.messages.push_back(std::move(message));
            } else if (role == QLatin1String("assistant")) {
                Message message{Role::Assistant, {}};
                readContent(m.value(QLatin1String("content")), message.parts);
                for (const QJsonValue &c : m.value(QLatin1String("tool_calls")).toArray()) {
                    const QJsonObject function = c.toObject().value(QLatin1String("function")).toObject();
                    Part call;
                    call.kind = Part::Kind::ToolCall;
                    call.call = {c.toObject().value(QLatin1String("id")).toString(), function.value(QLatin1String("name")).toString(),
                                 function.value(QLatin1String("arguments")).toString()};
                    callNames.insert(call.call.id, call.call.name);
                    message.parts.push_back(std::move(call));
                }
                out.messages.push_back(std::move(message));
            } else if (role == QLatin1String("tool")) {
                Part result;
                result.kind = Part::Kind::ToolResult;
                result.toolCallId = m.value(QLatin1String("tool_call_id")).toString();
                result.text = contentText(m.value(QLatin1String("content")));
                result.toolName = callNames.value(result.toolCallId);
                out.messages.push_back({Role::Tool, {std::move(result)}});
            } else {
                *error = QStringLiteral("unknown message role \"%1\"").arg(excerpt(role));
                return false;
            }
        }
        out.system = system.join(QStringLiteral("\n\n"));
    }
    out.tools = readTools(body.value(QLatin1String("tools")).toArray());
    const QJsonValue choice = body.value(QLatin1String("tool_choice"));
    if (choice.toString() == QLatin1String("none"))
        out.toolChoice = ToolChoice::None;
    else if (choice.toString() == QLatin1String("required"))
        out.toolChoice = ToolChoice::Required;
    else if (choice.isObject()) {
        out.toolChoice = ToolChoice::Named;
        out.toolChoiceName = choice.toObject().value(QLatin1String("function")).toObject().value(QLatin1String("name")).toString();
    }
    if (!readParams(body, kOpenAiParams, out.params, error) || !fieldsHaveTypes(body, {{"max_completion_tokens", Number}}, error))
        return false;
    if (const QJsonValue m = body.value(QLatin1String("max_completion_tokens")); m.isDouble())
        out.params.maxTokens = m.toInt(); // the newer name wins
    const QJsonObject format = body.value(QLatin1String("response_format")).toObject();
    const QString formatType = format.value(QLatin1String("type")).toString();
    if (formatType == QLatin1String("json_object") || formatType == QLatin1String("json_schema"))
        out.responseFormat = formatType;
    out.responseSchema = format.value(QLatin1String("json_schema")).toObject().value(QLatin1String("schema")).toObject();
    out.extra = unknownFields(body, kKnownKeys);
    return true;
}

OutboundRequest renderRequest(const Request &request, const OutboundTarget &target)
{
    QJsonArray messages;
    if (!request.system.isEmpty())
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")}, {QStringLiteral("content"), request.system}});
    for (const Message &m : request.messages) {
        std::vector<Part> content;
        QJsonArray calls;
        for (const Part &p : m.parts) {
            if (p.kind == Part::Kind::ToolResult) { // each result is a message of its own
                messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("tool")},
                                            {QStringLiteral("tool_call_id"), p.toolCallId},
                                            {QStringLiteral("content"), p.resultText()}});
            } else if (p.kind == Part::Kind::ToolCall) {
                calls.append(QJsonObject{{QStringLiteral("id"), p.call.id},
                                         {QStringLiteral("type"), QStringLiteral("function")},
                                         {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), p.call.name},
                                                                                  {QStringLiteral("arguments"), p.call.arguments}}}});
            } else if (p.kind != Part::Kind::Reasoning) { // another protocol's reasoning stays behind
                content.push_back(p);
            }
        }
        if (m.role == Role::Assistant) {
            QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")}};
            const QJsonValue c = contentJson(content);
            message.insert(QStringLiteral("content"), c.isString() && c.toString().isEmpty() && !calls.isEmpty() ? QJsonValue() : c);
            if (!calls.isEmpty())
                message.insert(QStringLiteral("tool_calls"), calls);
            messages.append(message);
        } else if (!content.empty()) {
            messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), contentJson(content)}});
        }
    }
    QJsonObject body = request.source == Protocol::OpenAI ? request.extra : QJsonObject();
    for (auto it = request.backendParams.begin(); it != request.backendParams.end(); ++it)
        body.insert(it.key(), it.value());
    body.insert(QStringLiteral("model"), target.model);
    body.insert(QStringLiteral("messages"), messages);
    if (!request.tools.empty()) {
        body.insert(QStringLiteral("tools"), toolsJson(request.tools));
        switch (request.toolChoice) {
        case ToolChoice::Auto: break;
        case ToolChoice::None: body.insert(QStringLiteral("tool_choice"), QStringLiteral("none")); break;
        case ToolChoice::Required: body.insert(QStringLiteral("tool_choice"), QStringLiteral("required")); break;
        case ToolChoice::Named:
            body.insert(QStringLiteral("tool_choice"),
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                    {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), request.toolChoiceName}}}});
            break;
        }
    }
    writeParams(request.params, kOpenAiParams, body);
    if (request.responseFormat == QLatin1String("json_object")) {
        body.insert(QStringLiteral("response_format"), QJsonObject{{QStringLiteral("type"), QStringLiteral("json_object")}});
    } else if (request.responseFormat == QLatin1String("json_schema")) {
        body.insert(QStringLiteral("response_format"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                                {QStringLiteral("json_schema"), QJsonObject{{QStringLiteral("name"), QStringLiteral("response")},
                                                                            {QStringLiteral("schema"), request.responseSchema}}}});
    }
    if (request.stream) {
        body.insert(QStringLiteral("stream"), true);
        body.insert(QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}});
    }
    return bearerJsonPost(target, "/chat/completions", body, request.stream ? QByteArrayView("text/event-stream") : QByteArrayView("application/json"));
}

} // namespace sy::protocol::openai
