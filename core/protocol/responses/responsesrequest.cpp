#include "protocol/responses/responsescodec.h"

#include "protocol/fieldtypes.h"
#include "protocol/params.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sy::protocol::responses {
namespace {

// The Responses API's own parameter names (it has no top_k, seed, penalties or stop).
constexpr ParamNames kResponsesParams{"temperature", "top_p", nullptr, "max_output_tokens", nullptr, nullptr, nullptr, nullptr};

const QStringList kKnownFields = {QStringLiteral("model"), QStringLiteral("input"), QStringLiteral("instructions"),
                                  QStringLiteral("tools"), QStringLiteral("tool_choice"), QStringLiteral("stream"),
                                  QStringLiteral("temperature"), QStringLiteral("top_p"), QStringLiteral("max_output_tokens"),
                                  QStringLiteral("text")};

// Tools the platform itself runs: nothing here can run them for a model elsewhere.
bool isHostedTool(const QString &type)
{
    static const QStringList kHosted = {
        QStringLiteral("web_search"), QStringLiteral("web_search_2025_08_26"), QStringLiteral("web_search_preview"),
        QStringLiteral("web_search_preview_2025_03_11"), QStringLiteral("file_search"), QStringLiteral("computer_use_preview"),
        QStringLiteral("computer"), QStringLiteral("computer_use"), QStringLiteral("code_interpreter"), QStringLiteral("image_generation"),
        QStringLiteral("mcp"), QStringLiteral("local_shell"), QStringLiteral("shell"), QStringLiteral("apply_patch"),
        QStringLiteral("tool_search")};
    return kHosted.contains(type);
}

QString unsupportedTool(const QString &type, qsizetype index)
{
    return QStringLiteral("tools[%1]: tool type \"%2\" is not supported: Switchyard serves function and custom tools (the model "
                          "calls them, the client runs them); %3")
        .arg(index)
        .arg(excerpt(type, 40),
             type.startsWith(QLatin1String("web_search"))
                 ? QStringLiteral("leave web search out (Codex: -c web_search=disabled, or web_search = \"disabled\" in config.toml)")
                 : QStringLiteral("leave it out of the request"));
}

// A freeform tool's input travels as the one argument of a function: {"input": "..."}.
QJsonObject customToolParameters(const QJsonObject &tool)
{
    QString description = QStringLiteral("The tool's input, as free text.");
    const QJsonObject format = tool.value(QLatin1String("format")).toObject();
    if (format.value(QLatin1String("type")).toString() == QLatin1String("grammar"))
        description += QStringLiteral(" It must follow this %1 grammar:\n%2")
                           .arg(format.value(QLatin1String("syntax")).toString(), format.value(QLatin1String("definition")).toString());
    return {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"), QJsonObject{{QStringLiteral("input"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                                                                              {QStringLiteral("description"), description}}}}},
            {QStringLiteral("required"), QJsonArray{QStringLiteral("input")}}};
}

ToolSpec functionTool(const QJsonObject &tool, const QString &group)
{
    const QString name = tool.value(QLatin1String("name")).toString();
    ToolSpec t = ToolSpec::function(group.isEmpty() ? name : group + QStringLiteral("__") + name,
                                    tool.value(QLatin1String("description")).toString(), tool.value(QLatin1String("parameters")).toObject());
    t.group = group;
    t.strict = tool.value(QLatin1String("strict")).toBool(true);
    return t;
}

bool readTools(const QJsonArray &tools, Request &out, QString *error)
{
    for (qsizetype i = 0; i < tools.size(); ++i) {
        const QJsonObject tool = tools[i].toObject();
        const QString type = tool.value(QLatin1String("type")).toString();
        if (type == QLatin1String("function")) {
            out.tools.push_back(functionTool(tool, {}));
        } else if (type == QLatin1String("custom")) {
            ToolSpec t = ToolSpec::function(tool.value(QLatin1String("name")).toString(), tool.value(QLatin1String("description")).toString(),
                                            customToolParameters(tool));
            t.kind = ToolSpec::Kind::Custom;
            out.tools.push_back(std::move(t));
        } else if (type == QLatin1String("namespace")) {
            const QString group = tool.value(QLatin1String("name")).toString();
            for (const QJsonValue &inner : tool.value(QLatin1String("tools")).toArray()) {
                if (inner.toObject().value(QLatin1String("type")).toString() != QLatin1String("function")) {
                    *error = unsupportedTool(inner.toObject().value(QLatin1String("type")).toString(), i);
                    return false;
                }
                out.tools.push_back(functionTool(inner.toObject(), group));
            }
        } else {
            *error = isHostedTool(type) || !type.isEmpty() ? unsupportedTool(type, i) : QStringLiteral("tools[%1]: a tool needs a type").arg(i);
            return false;
        }
    }
    return true;
}

bool readToolChoice(const QJsonValue &choice, Request &out, QString *error)
{
    if (choice.isUndefined() || choice.isNull() || choice.toString() == QLatin1String("auto"))
        return true;
    if (choice.toString() == QLatin1String("none")) {
        out.toolChoice = ToolChoice::None;
        return true;
    }
    if (choice.toString() == QLatin1String("required")) {
        out.toolChoice = ToolChoice::Required;
        return true;
    }
    const QJsonObject o = choice.toObject();
    const QString type = o.value(QLatin1String("type")).toString();
    if (type == QLatin1String("function") || type == QLatin1String("custom")) {
        out.toolChoice = ToolChoice::Named;
        out.toolChoiceName = o.value(QLatin1String("name")).toString();
        return true;
    }
    if (type == QLatin1String("allowed_tools")) { // the subset is not enforced elsewhere: its mode is
        out.toolChoice = o.value(QLatin1String("mode")).toString() == QLatin1String("required") ? ToolChoice::Required : ToolChoice::Auto;
        return true;
    }
    *error = QStringLiteral("tool_choice: \"%1\" is not supported (auto, none, required, or a function or custom tool by name)")
                 .arg(excerpt(type.isEmpty() ? choice.toString() : type, 40));
    return false;
}

// "data:image/png;base64,...." or an http(s) URL.
bool readImage(const QJsonObject &part, Part &out, QString *error)
{
    const QString url = part.value(QLatin1String("image_url")).toString();
    out.kind = Part::Kind::Image;
    if (url.startsWith(QLatin1String("data:"))) {
        const qsizetype comma = url.indexOf(QLatin1Char(','));
        const QString head = url.mid(5, comma - 5);
        out.mimeType = head.section(QLatin1Char(';'), 0, 0);
        out.data = url.mid(comma + 1).toLatin1();
        return true;
    }
    if (url.startsWith(QLatin1String("http://")) || url.startsWith(QLatin1String("https://"))) {
        out.url = url;
        return true;
    }
    *error = part.contains(QLatin1String("file_id")) && !part.value(QLatin1String("file_id")).isNull()
                 ? QStringLiteral("input_image by file_id is not supported: send the image as a data: URL or an http(s) URL")
                 : QStringLiteral("input_image needs an image_url (a data: URL or an http(s) URL)");
    return false;
}

// The text of a function_call_output's output: a string, or its text parts.
QString outputText(const QJsonValue &output)
{
    if (output.isString())
        return output.toString();
    QStringList texts;
    for (const QJsonValue &p : output.toArray()) {
        const QJsonObject part = p.toObject();
        if (part.value(QLatin1String("type")).toString() == QLatin1String("input_text"))
            texts << part.value(QLatin1String("text")).toString();
    }
    return texts.join(QLatin1Char('\n'));
}

// Consecutive assistant output (text, calls, reasoning) is one assistant message.
Message &assistantMessage(Request &out)
{
    if (out.messages.empty() || out.messages.back().role != Role::Assistant)
        out.messages.push_back({Role::Assistant, {}});
    return out.messages.back();
}

bool readMessage(const QJsonObject &item, Request &out, QStringList &system, QString *error)
{
    if (!fieldsHaveTypes(item, {{"role", String}, {"content", String | Array}}, error))
        return false;
    const QString role = item.value(QLatin1String("role")).toString();
    const QJsonValue content = item.value(QLatin1String("content"));
    std::vector<Part> parts;
    if (content.isString()) {
        parts.push_back(Part::textPart(content.toString()));
    } else {
        const QJsonArray contentParts = content.toArray();
        for (qsizetype j = 0; j < contentParts.size(); ++j) {
            const QString where = QStringLiteral("content[%1]").arg(j);
            if (!isObjectWithTypes(contentParts[j], where, {{"type", String}, {"text", String}, {"refusal", String}}, error))
                return false;
            const QJsonObject part = contentParts[j].toObject();
            const QString type = part.value(QLatin1String("type")).toString();
            if (type == QLatin1String("input_text") || type == QLatin1String("output_text")) {
                parts.push_back(Part::textPart(part.value(QLatin1String("text")).toString()));
            } else if (type == QLatin1String("refusal")) {
                parts.push_back(Part::textPart(part.value(QLatin1String("refusal")).toString()));
            } else if (type == QLatin1String("input_image")) {
                Part image;
                if (!readImage(part, image, error))
                    return false;
                parts.push_back(std::move(image));
            } else {
                *error = QStringLiteral("content part type \"%1\" is not supported (input_text, input_image, output_text)").arg(excerpt(type, 40));
                return false;
            }
        }
    }
    if (role == QLatin1String("system") || role == QLatin1String("developer")) {
        for (const Part &p : parts)
            system << p.text;
    } else if (role == QLatin1String("assistant")) {
        Message &m = assistantMessage(out);
        m.parts.insert(m.parts.end(), parts.begin(), parts.end());
    } else if (role == QLatin1String("user")) {
        out.messages.push_back({Role::User, std::move(parts)});
    } else {
        *error = QStringLiteral("message role \"%1\" is not supported (user, assistant, system, developer)").arg(excerpt(role, 40));
        return false;
    }
    return true;
}

bool readInput(const QJsonValue &input, Request &out, QStringList &system, QString *error)
{
    if (input.isString()) {
        out.messages.push_back({Role::User, {Part::textPart(input.toString())}});
        return true;
    }
    if (!input.isArray()) {
        *error = QStringLiteral("input must be a string or an array of items");
        return false;
    }
    QHash<QString, QString> callNames; // call id -> tool name, for the outputs that answer them
    const QJsonArray items = input.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString where = QStringLiteral("input[%1]").arg(i);
        if (!isObjectWithTypes(items[i], where,
                               {{"type", String}, {"call_id", String}, {"name", String}, {"namespace", String}, {"arguments", String},
                                {"input", String}, {"output", String | Array}, {"summary", Array}},
                               error))
            return false;
        const QJsonObject item = items[i].toObject();
        const QString type = item.value(QLatin1String("type")).toString(QStringLiteral("message"));
        if (type == QLatin1String("message")) {
            if (!readMessage(item, out, system, error)) {
                *error = QStringLiteral("input[%1]: %2").arg(i).arg(*error);
                return false;
            }
        } else if (type == QLatin1String("function_call") || type == QLatin1String("custom_tool_call")) {
            const bool custom = type == QLatin1String("custom_tool_call");
            const QString group = item.value(QLatin1String("namespace")).toString();
            const QString name = item.value(QLatin1String("name")).toString();
            Part call;
            call.kind = Part::Kind::ToolCall;
            call.call.id = item.value(QLatin1String("call_id")).toString();
            call.call.name = group.isEmpty() ? name : group + QStringLiteral("__") + name;
            call.call.arguments = custom ? compactJson({{QStringLiteral("input"), item.value(QLatin1String("input")).toString()}})
                                         : item.value(QLatin1String("arguments")).toString();
            callNames.insert(call.call.id, call.call.name);
            assistantMessage(out).parts.push_back(std::move(call));
        } else if (type == QLatin1String("function_call_output") || type == QLatin1String("custom_tool_call_output")) {
            Part result;
            result.kind = Part::Kind::ToolResult;
            result.toolCallId = item.value(QLatin1String("call_id")).toString();
            result.toolName = callNames.value(result.toolCallId);
            result.text = outputText(item.value(QLatin1String("output")));
            out.messages.push_back({Role::Tool, {std::move(result)}});
        } else if (type == QLatin1String("reasoning")) {
            Part reasoning;
            reasoning.kind = Part::Kind::Reasoning;
            reasoning.itemId = item.value(QLatin1String("id")).toString();
            reasoning.opaque = item.value(QLatin1String("encrypted_content")).toString();
            QStringList summary;
            for (const QJsonValue &s : item.value(QLatin1String("summary")).toArray())
                summary << s.toObject().value(QLatin1String("text")).toString();
            reasoning.text = summary.join(QLatin1Char('\n'));
            assistantMessage(out).parts.push_back(std::move(reasoning));
        } else {
            *error = QStringLiteral("input[%1]: item type \"%2\" is not supported (message, function_call, function_call_output, "
                                    "custom_tool_call, custom_tool_call_output, reasoning)")
                         .arg(i)
                         .arg(excerpt(type, 40));
            return false;
        }
    }
    return true;
}

} // namespace

bool parseRequest(const QJsonObject &body, Flavor, Request &out, QString *error)
{
    out.source = Protocol::Responses;
    out.model = body.value(QLatin1String("model")).toString();
    if (out.model.isEmpty()) {
        *error = QStringLiteral("model is required");
        return false;
    }
    if (!fieldsHaveTypes(body, {{"stream", Boolean}, {"instructions", String}, {"tools", Array}, {"text", Object},
                                {"previous_response_id", String}},
                         error))
        return false;
    out.stream = body.value(QLatin1String("stream")).toBool();
    QStringList system;
    if (const QString instructions = body.value(QLatin1String("instructions")).toString(); !instructions.isEmpty())
        system << instructions;
    // A follow-up (previous_response_id) may send no input of its own.
    if (body.contains(QLatin1String("input")) && !readInput(body.value(QLatin1String("input")), out, system, error))
        return false;
    if (out.messages.empty() && !body.contains(QLatin1String("previous_response_id"))) {
        *error = QStringLiteral("input is required");
        return false;
    }
    out.system = system.join(QStringLiteral("\n\n"));
    if (!readTools(body.value(QLatin1String("tools")).toArray(), out, error) ||
        !readToolChoice(body.value(QLatin1String("tool_choice")), out, error))
        return false;
    if (!readParams(body, kResponsesParams, out.params, error))
        return false;
    const QJsonObject format = body.value(QLatin1String("text")).toObject().value(QLatin1String("format")).toObject();
    const QString formatType = format.value(QLatin1String("type")).toString();
    if (formatType == QLatin1String("json_object") || formatType == QLatin1String("json_schema")) {
        out.responseFormat = formatType;
        out.responseSchema = format.value(QLatin1String("schema")).toObject();
    }
    out.extra = unknownFields(body, kKnownFields);
    return true;
}

QJsonArray inputItems(const Request &request)
{
    QJsonArray items;
    if (!request.system.isEmpty())
        items.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("message")},
                                 {QStringLiteral("role"), QStringLiteral("developer")},
                                 {QStringLiteral("content"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("input_text")},
                                                                                   {QStringLiteral("text"), request.system}}}}});
    for (const Message &m : request.messages) {
        QJsonArray content;
        auto flushContent = [&] {
            if (content.isEmpty())
                return;
            items.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("message")},
                                     {QStringLiteral("role"), m.role == Role::Assistant ? QStringLiteral("assistant") : QStringLiteral("user")},
                                     {QStringLiteral("content"), content}});
            content = QJsonArray();
        };
        for (const Part &p : m.parts) {
            switch (p.kind) {
            case Part::Kind::Text:
                content.append(QJsonObject{{QStringLiteral("type"), m.role == Role::Assistant ? QStringLiteral("output_text") : QStringLiteral("input_text")},
                                           {QStringLiteral("text"), p.text}});
                break;
            case Part::Kind::Image:
                content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("input_image")},
                                           {QStringLiteral("image_url"), p.data.isEmpty() ? p.url
                                                                                            : QStringLiteral("data:%1;base64,%2")
                                                                                                  .arg(p.mimeType, QString::fromLatin1(p.data))}});
                break;
            case Part::Kind::ToolCall:
                flushContent();
                items.append(callItem(p.call, QStringLiteral("completed"), &request));
                break;
            case Part::Kind::ToolResult: {
                flushContent();
                const bool custom = std::any_of(request.tools.begin(), request.tools.end(), [&p](const ToolSpec &t) {
                    return t.kind == ToolSpec::Kind::Custom && t.name == p.toolName;
                });
                items.append(QJsonObject{{QStringLiteral("type"), custom ? QStringLiteral("custom_tool_call_output") : QStringLiteral("function_call_output")},
                                         {QStringLiteral("call_id"), p.toolCallId},
                                         {QStringLiteral("output"), p.resultText()}});
                break;
            }
            case Part::Kind::Reasoning: {
                flushContent();
                QJsonObject reasoning{{QStringLiteral("type"), QStringLiteral("reasoning")},
                                      {QStringLiteral("summary"), p.text.isEmpty() ? QJsonArray()
                                                                                    : QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("summary_text")},
                                                                                                             {QStringLiteral("text"), p.text}}}}};
                if (!p.itemId.isEmpty())
                    reasoning.insert(QStringLiteral("id"), p.itemId);
                if (!p.opaque.isEmpty())
                    reasoning.insert(QStringLiteral("encrypted_content"), p.opaque);
                items.append(reasoning);
                break;
            }
            }
        }
        flushContent();
    }
    return items;
}

OutboundRequest renderRequest(const Request &request, const OutboundTarget &target)
{
    QJsonObject body = request.source == Protocol::Responses ? request.extra : QJsonObject();
    body.remove(QStringLiteral("previous_response_id")); // Switchyard keeps the conversation: sent whole
    body.insert(QStringLiteral("model"), target.model);
    QJsonArray input = inputItems(request);
    if (!request.system.isEmpty()) { // as instructions, where Responses backends look for it
        body.insert(QStringLiteral("instructions"), request.system);
        input.removeFirst();
    }
    body.insert(QStringLiteral("input"), input);
    if (!request.tools.empty()) {
        QJsonArray tools;
        for (const ToolSpec &t : request.tools)
            tools.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                     {QStringLiteral("name"), t.name},
                                     {QStringLiteral("description"), t.description},
                                     {QStringLiteral("strict"), t.strict}, // said always: true is this API's default
                                     {QStringLiteral("parameters"), t.parameters.isEmpty() ? QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}
                                                                                           : t.parameters}});
        body.insert(QStringLiteral("tools"), tools);
        switch (request.toolChoice) {
        case ToolChoice::Auto: break;
        case ToolChoice::None: body.insert(QStringLiteral("tool_choice"), QStringLiteral("none")); break;
        case ToolChoice::Required: body.insert(QStringLiteral("tool_choice"), QStringLiteral("required")); break;
        case ToolChoice::Named:
            body.insert(QStringLiteral("tool_choice"),
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("function")}, {QStringLiteral("name"), request.toolChoiceName}});
            break;
        }
    }
    writeParams(request.params, kResponsesParams, body);
    if (!request.responseFormat.isEmpty()) {
        QJsonObject format{{QStringLiteral("type"), request.responseFormat}};
        if (request.responseFormat == QLatin1String("json_schema")) {
            format.insert(QStringLiteral("name"), QStringLiteral("response"));
            format.insert(QStringLiteral("schema"), request.responseSchema);
        }
        body.insert(QStringLiteral("text"), QJsonObject{{QStringLiteral("format"), format}});
    }
    body.insert(QStringLiteral("store"), false);
    if (request.stream)
        body.insert(QStringLiteral("stream"), true);
    return bearerJsonPost(target, "/responses", body, request.stream ? QByteArrayView("text/event-stream") : QByteArrayView("application/json"));
}

} // namespace sy::protocol::responses
