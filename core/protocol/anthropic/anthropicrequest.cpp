#include "protocol/anthropic/anthropiccodec.h"

#include "protocol/jsonanswertool.h"

#include "protocol/fieldtypes.h"
#include "protocol/params.h"
#include "protocol/turns.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sy::protocol::anthropic {
namespace {

const QStringList kKnownKeys = {
    QStringLiteral("model"), QStringLiteral("messages"), QStringLiteral("system"), QStringLiteral("max_tokens"),
    QStringLiteral("tools"), QStringLiteral("tool_choice"), QStringLiteral("temperature"), QStringLiteral("top_p"),
    QStringLiteral("top_k"), QStringLiteral("stop_sequences"), QStringLiteral("stream"),
};

QString blocksText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QStringList texts;
    for (const QJsonValue &b : content.toArray()) {
        if (b.toObject().value(QLatin1String("type")).toString() == QLatin1String("text"))
            texts << b.toObject().value(QLatin1String("text")).toString();
    }
    return texts.join(QLatin1Char('\n'));
}

// The fields each block type read here must have; other types (search results, server
// tools' results, ...) have fields of other shapes and are not read.
bool blockFieldsHaveTypes(const QJsonObject &block, const QString &type, QString *error, const QString &prefix)
{
    if (type == QLatin1String("text"))
        return fieldsHaveTypes(block, {{"text", String}}, error, prefix);
    if (type == QLatin1String("image"))
        return fieldsHaveTypes(block, {{"source", Object}}, error, prefix);
    if (type == QLatin1String("tool_use"))
        return fieldsHaveTypes(block, {{"id", String}, {"name", String}, {"input", Object}}, error, prefix);
    if (type == QLatin1String("tool_result"))
        return fieldsHaveTypes(block, {{"tool_use_id", String}, {"content", String | Array}, {"is_error", Boolean}}, error, prefix);
    return true;
}

Part imagePart(const QJsonObject &block)
{
    const QJsonObject source = block.value(QLatin1String("source")).toObject();
    Part p;
    p.kind = Part::Kind::Image;
    if (source.value(QLatin1String("type")).toString() == QLatin1String("url")) {
        p.url = source.value(QLatin1String("url")).toString();
    } else {
        p.mimeType = source.value(QLatin1String("media_type")).toString();
        p.data = source.value(QLatin1String("data")).toString().toLatin1();
    }
    return p;
}

bool readBlock(const QJsonObject &block, Message &message, QString *error, const QString &where)
{
    const QString type = block.value(QLatin1String("type")).toString();
    if (!fieldsHaveTypes(block, {{"type", String}}, error, where + QLatin1Char('.')) ||
        !blockFieldsHaveTypes(block, type, error, where + QLatin1Char('.')))
        return false;
    if (type == QLatin1String("text")) {
        message.parts.push_back(Part::textPart(block.value(QLatin1String("text")).toString()));
    } else if (type == QLatin1String("image")) {
        message.parts.push_back(imagePart(block));
    } else if (type == QLatin1String("tool_use")) {
        Part p;
        p.kind = Part::Kind::ToolCall;
        p.call = {block.value(QLatin1String("id")).toString(), block.value(QLatin1String("name")).toString(),
                  compactJson(block.value(QLatin1String("input")).toObject())};
        message.parts.push_back(std::move(p));
    } else if (type == QLatin1String("tool_result")) {
        Part p;
        p.kind = Part::Kind::ToolResult;
        p.toolCallId = block.value(QLatin1String("tool_use_id")).toString();
        p.text = blocksText(block.value(QLatin1String("content")));
        p.isError = block.value(QLatin1String("is_error")).toBool();
        message.parts.push_back(std::move(p));
        // Images a tool returned (a screenshot, a file read): protocols whose tool results
        // are text take them as images of the turn that carries the result.
        for (const QJsonValue &inner : block.value(QLatin1String("content")).toArray()) {
            if (inner.toObject().value(QLatin1String("type")).toString() == QLatin1String("image"))
                message.parts.push_back(imagePart(inner.toObject()));
        }
    } else if (type.isEmpty()) {
        *error = where + QStringLiteral(": every content block needs a type");
        return false;
    } // thinking, documents, ...: nothing another protocol could take
    return true;
}

QJsonArray contentBlocks(const Message &m)
{
    QJsonArray blocks;
    for (const Part &p : m.parts) {
        switch (p.kind) {
        case Part::Kind::Text:
            if (!p.text.isEmpty())
                blocks.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), p.text}});
            break;
        case Part::Kind::Image:
            blocks.append(QJsonObject{
                {QStringLiteral("type"), QStringLiteral("image")},
                {QStringLiteral("source"), p.data.isEmpty() ? QJsonObject{{QStringLiteral("type"), QStringLiteral("url")}, {QStringLiteral("url"), p.url}}
                                                            : QJsonObject{{QStringLiteral("type"), QStringLiteral("base64")},
                                                                          {QStringLiteral("media_type"), p.mimeType},
                                                                          {QStringLiteral("data"), QString::fromLatin1(p.data)}}}});
            break;
        case Part::Kind::ToolCall:
            blocks.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_use")},
                                      {QStringLiteral("id"), p.call.id},
                                      {QStringLiteral("name"), p.call.name},
                                      {QStringLiteral("input"), argumentsObject(p.call.arguments)}});
            break;
        case Part::Kind::ToolResult: {
            QJsonObject result{{QStringLiteral("type"), QStringLiteral("tool_result")},
                               {QStringLiteral("tool_use_id"), p.toolCallId},
                               {QStringLiteral("content"), p.text}};
            if (p.isError)
                result.insert(QStringLiteral("is_error"), true);
            blocks.append(result);
            break;
        }
        case Part::Kind::Reasoning: // another protocol's reasoning: nothing Anthropic could check
            break;
        }
    }
    return blocks;
}

} // namespace

bool parseRequest(const QJsonObject &body, Flavor, Request &out, QString *error)
{
    out.source = Protocol::Anthropic;
    out.model = body.value(QLatin1String("model")).toString();
    if (out.model.isEmpty()) {
        *error = QStringLiteral("model: Field required");
        return false;
    }
    const QJsonValue messages = body.value(QLatin1String("messages"));
    if (!messages.isArray() || messages.toArray().isEmpty()) {
        *error = QStringLiteral("messages: must be a non-empty array");
        return false;
    }
    if (!fieldsHaveTypes(body, {{"stream", Boolean}, {"system", String | Array}, {"tools", Array}, {"tool_choice", Object}}, error))
        return false;
    const QJsonValue maxTokens = body.value(QLatin1String("max_tokens"));
    if (!maxTokens.isUndefined() && (!maxTokens.isDouble() || maxTokens.toDouble() < 1)) {
        *error = QStringLiteral("max_tokens: must be a positive integer");
        return false;
    }
    QStringList system{blocksText(body.value(QLatin1String("system")))};
    QHash<QString, QString> callNames; // tool_use id -> name, for the results that answer them
    const QJsonArray messageArray = messages.toArray();
    for (qsizetype i = 0; i < messageArray.size(); ++i) {
        const QString where = QStringLiteral("messages[%1]").arg(i);
        if (!isObjectWithTypes(messageArray[i], where, {{"role", String}}, error))
            return false;
        const QJsonObject m = messageArray[i].toObject();
        const QString role = m.value(QLatin1String("role")).toString();
        if (role == QLatin1String("system")) { // mid-conversation instructions (Claude Code sends them)
            system << blocksText(m.value(QLatin1String("content")));
            continue;
        }
        if (role != QLatin1String("user") && role != QLatin1String("assistant")) {
            *error = QStringLiteral("messages: role must be \"user\", \"assistant\" or \"system\" (is \"%1\")").arg(excerpt(role));
            return false;
        }
        Message message{role == QLatin1String("user") ? Role::User : Role::Assistant, {}};
        const QJsonValue content = m.value(QLatin1String("content"));
        if (content.isString()) {
            message.parts.push_back(Part::textPart(content.toString()));
        } else if (content.isArray()) {
            const QJsonArray blocks = content.toArray();
            for (qsizetype j = 0; j < blocks.size(); ++j) {
                const QString blockPath = where + QStringLiteral(".content[%1]").arg(j);
                if (!isObjectWithTypes(blocks[j], blockPath, {}, error) || !readBlock(blocks[j].toObject(), message, error, blockPath))
                    return false;
            }
        } else {
            *error = where + QStringLiteral(".content must be a string or an array of content blocks");
            return false;
        }
        for (Part &p : message.parts) {
            if (p.kind == Part::Kind::ToolCall)
                callNames.insert(p.call.id, p.call.name);
            else if (p.kind == Part::Kind::ToolResult)
                p.toolName = callNames.value(p.toolCallId);
        }
        out.messages.push_back(std::move(message));
    }
    system.removeAll(QString());
    out.system = system.join(QStringLiteral("\n\n"));
    const QJsonArray tools = body.value(QLatin1String("tools")).toArray();
    for (qsizetype i = 0; i < tools.size(); ++i) {
        const QString where = QStringLiteral("tools[%1]").arg(i);
        if (!isObjectWithTypes(tools[i], where, {{"name", String}, {"description", String}, {"input_schema", Object}}, error))
            return false;
        const QJsonObject tool = tools[i].toObject();
        if (!tool.contains(QLatin1String("input_schema")))
            continue; // a server tool (web search, ...): nothing to forward elsewhere
        out.tools.push_back(ToolSpec::function(tool.value(QLatin1String("name")).toString(), tool.value(QLatin1String("description")).toString(),
                                               tool.value(QLatin1String("input_schema")).toObject()));
    }
    const QJsonObject choice = body.value(QLatin1String("tool_choice")).toObject();
    const QString choiceType = choice.value(QLatin1String("type")).toString();
    if (choiceType == QLatin1String("any"))
        out.toolChoice = ToolChoice::Required;
    else if (choiceType == QLatin1String("none"))
        out.toolChoice = ToolChoice::None;
    else if (choiceType == QLatin1String("tool")) {
        out.toolChoice = ToolChoice::Named;
        out.toolChoiceName = choice.value(QLatin1String("name")).toString();
    }
    if (!readParams(body, kAnthropicParams, out.params, error))
        return false;
    out.stream = body.value(QLatin1String("stream")).toBool();
    out.extra = unknownFields(body, kKnownKeys);
    return true;
}

Params outboundParams(Params params, bool defaultMaxTokens)
{
    if (params.temperature)
        params.temperature = std::min(1.0, *params.temperature);
    if (defaultMaxTokens)
        params.maxTokens = params.maxTokens.value_or(kDefaultMaxTokens);
    return params;
}

OutboundRequest renderRequest(const Request &request, const OutboundTarget &target)
{
    // Anthropic wants user and assistant turns alternating; tool results travel in the user turn.
    const QJsonArray messages = alternatingTurns(
        request.messages, QStringLiteral("content"),
        [](const Message &m) { return m.role == Role::Assistant ? QStringLiteral("assistant") : QStringLiteral("user"); }, contentBlocks);
    QJsonObject body = request.source == Protocol::Anthropic ? request.extra : QJsonObject();
    body.insert(QStringLiteral("model"), target.model);
    body.insert(QStringLiteral("messages"), messages);
    if (!request.system.isEmpty())
        body.insert(QStringLiteral("system"), request.system);
    if (!request.tools.empty()) {
        QJsonArray tools;
        for (const ToolSpec &t : request.tools) {
            QJsonObject schema = t.parameters;
            if (schema.isEmpty())
                schema = {{QStringLiteral("type"), QStringLiteral("object")}};
            tools.append(QJsonObject{{QStringLiteral("name"), t.name},
                                     {QStringLiteral("description"), t.description},
                                     {QStringLiteral("input_schema"), schema}});
        }
        body.insert(QStringLiteral("tools"), tools);
        switch (request.toolChoice) {
        case ToolChoice::Auto: break;
        case ToolChoice::None: body.insert(QStringLiteral("tool_choice"), QJsonObject{{QStringLiteral("type"), QStringLiteral("none")}}); break;
        case ToolChoice::Required: body.insert(QStringLiteral("tool_choice"), QJsonObject{{QStringLiteral("type"), QStringLiteral("any")}}); break;
        case ToolChoice::Named:
            body.insert(QStringLiteral("tool_choice"),
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("tool")}, {QStringLiteral("name"), request.toolChoiceName}});
            break;
        }
    }
    if (wantsJsonAnswerTool(request)) { // no response_format here: the answer comes as a forced tool call's input
        const QJsonObject schema = request.responseSchema.isEmpty() ? QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}} : request.responseSchema;
        body.insert(QStringLiteral("tools"), QJsonArray{QJsonObject{{QStringLiteral("name"), QLatin1String(kJsonAnswerTool)},
                                                                    {QStringLiteral("description"), QStringLiteral("Give the answer as this JSON.")},
                                                                    {QStringLiteral("input_schema"), schema}}});
        body.insert(QStringLiteral("tool_choice"), QJsonObject{{QStringLiteral("type"), QStringLiteral("tool")}, {QStringLiteral("name"), QLatin1String(kJsonAnswerTool)}});
    }
    writeParams(outboundParams(request.params), kAnthropicParams, body);
    if (request.stream)
        body.insert(QStringLiteral("stream"), true);

    QByteArray base = target.basePath;
    if (base.endsWith("/v1"))
        base.chop(3);
    OutboundRequest out;
    out.path = base + "/v1/messages";
    out.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    out.headers.add(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    out.headers.add(QByteArrayLiteral("anthropic-version"), QByteArray(kApiVersion));
    if (request.stream)
        out.headers.add(QByteArrayLiteral("Accept"), QByteArrayLiteral("text/event-stream"));
    if (!target.apiKey.isEmpty())
        out.headers.add(QByteArrayLiteral("x-api-key"), target.apiKey);
    return out;
}

} // namespace sy::protocol::anthropic
