#include "simdialect.h"

#include "simresponses.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sim {
namespace {

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray event(const char *name, const QJsonObject &data)
{
    return QByteArray("event: ") + name + "\ndata: " + json(data) + "\n\n";
}

// Gemini schemas say "STRING", "OBJECT"; the planner reads JSON Schema's lower case.
QJsonObject lowerTypes(const QJsonObject &schema)
{
    QJsonObject out;
    for (auto it = schema.begin(); it != schema.end(); ++it) {
        if (it.key() == QLatin1String("type"))
            out.insert(it.key(), it.value().toString().toLower());
        else if (it.key() == QLatin1String("properties")) {
            QJsonObject props;
            const QJsonObject in = it.value().toObject();
            for (auto p = in.begin(); p != in.end(); ++p)
                props.insert(p.key(), lowerTypes(p.value().toObject()));
            out.insert(it.key(), props);
        } else if (it.key() == QLatin1String("items"))
            out.insert(it.key(), lowerTypes(it.value().toObject()));
        else
            out.insert(it.key(), it.value());
    }
    return out;
}

QJsonObject textPart(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}};
}

// A tool result's text: a string, or the text blocks of a list.
QString resultText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QString text;
    for (const QJsonValue &b : content.toArray())
        text += b.toObject().value(QLatin1String("text")).toString();
    return text;
}

QJsonObject fromAnthropic(const QJsonObject &body)
{
    QJsonArray messages;
    for (const QJsonValue &v : body.value(QLatin1String("messages")).toArray()) {
        const QJsonObject m = v.toObject();
        QString role = m.value(QLatin1String("role")).toString();
        if (role == QLatin1String("system"))
            continue; // instructions between turns, not a turn
        const QJsonValue content = m.value(QLatin1String("content"));
        if (content.isString()) {
            messages.append(QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("content"), content}});
            continue;
        }
        QJsonArray parts;
        QString toolOutput;
        for (const QJsonValue &b : content.toArray()) {
            const QJsonObject block = b.toObject();
            const QString type = block.value(QLatin1String("type")).toString();
            if (type == QLatin1String("text"))
                parts.append(textPart(block.value(QLatin1String("text")).toString()));
            else if (type == QLatin1String("image"))
                parts.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("image")}});
            else if (type == QLatin1String("tool_result")) {
                role = QStringLiteral("tool");
                toolOutput += resultText(block.value(QLatin1String("content")));
            }
        }
        QJsonObject message{{QStringLiteral("role"), role}, {QStringLiteral("content"), parts}};
        if (role == QLatin1String("tool"))
            message.insert(QStringLiteral("tool_output"), toolOutput);
        messages.append(message);
    }
    QJsonArray tools;
    for (const QJsonValue &t : body.value(QLatin1String("tools")).toArray())
        tools.append(QJsonObject{{QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), t.toObject().value(QLatin1String("name"))},
                                                                           {QStringLiteral("parameters"), t.toObject().value(QLatin1String("input_schema"))}}}});
    return {{QStringLiteral("messages"), messages}, {QStringLiteral("tools"), tools}, {QStringLiteral("max_tokens"), body.value(QLatin1String("max_tokens"))}};
}

QJsonObject fromGemini(const QJsonObject &body)
{
    QJsonArray messages;
    for (const QJsonValue &v : body.value(QLatin1String("contents")).toArray()) {
        const QJsonObject c = v.toObject();
        QString role = c.value(QLatin1String("role")).toString() == QLatin1String("model") ? QStringLiteral("assistant") : QStringLiteral("user");
        QJsonArray parts;
        QString toolOutput;
        for (const QJsonValue &p : c.value(QLatin1String("parts")).toArray()) {
            const QJsonObject part = p.toObject();
            if (part.contains(QLatin1String("text")))
                parts.append(textPart(part.value(QLatin1String("text")).toString()));
            else if (part.contains(QLatin1String("inlineData")) || part.contains(QLatin1String("fileData")))
                parts.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("image")}});
            else if (part.contains(QLatin1String("functionResponse"))) {
                role = QStringLiteral("tool");
                // Gemini CLI answers {"output": "..."}; anything else is quoted as JSON.
                const QJsonObject response = part.value(QLatin1String("functionResponse")).toObject().value(QLatin1String("response")).toObject();
                toolOutput += response.value(QLatin1String("output")).isString()
                                  ? response.value(QLatin1String("output")).toString()
                                  : QString::fromUtf8(QJsonDocument(response).toJson(QJsonDocument::Compact));
            }
        }
        QJsonObject message{{QStringLiteral("role"), role}, {QStringLiteral("content"), parts}};
        if (role == QLatin1String("tool"))
            message.insert(QStringLiteral("tool_output"), toolOutput);
        messages.append(message);
    }
    QJsonArray tools;
    for (const QJsonValue &t : body.value(QLatin1String("tools")).toArray()) {
        for (const QJsonValue &d : t.toObject().value(QLatin1String("functionDeclarations")).toArray()) {
            const QJsonObject decl = d.toObject();
            QJsonObject schema = decl.value(QLatin1String("parametersJsonSchema")).toObject();
            if (schema.isEmpty())
                schema = lowerTypes(decl.value(QLatin1String("parameters")).toObject());
            tools.append(QJsonObject{{QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), decl.value(QLatin1String("name"))},
                                                                               {QStringLiteral("parameters"), schema}}}});
        }
    }
    QJsonObject out{{QStringLiteral("messages"), messages}, {QStringLiteral("tools"), tools}};
    const QJsonValue max = body.value(QLatin1String("generationConfig")).toObject().value(QLatin1String("maxOutputTokens"));
    if (!max.isUndefined())
        out.insert(QStringLiteral("max_tokens"), max);
    return out;
}

QString anthropicStop(const Answer &a)
{
    if (!a.toolName.isEmpty())
        return QStringLiteral("tool_use");
    return a.finishReason == QLatin1String("length") ? QStringLiteral("max_tokens") : QStringLiteral("end_turn");
}

QString geminiFinish(const Answer &a)
{
    return a.finishReason == QLatin1String("length") ? QStringLiteral("MAX_TOKENS") : QStringLiteral("STOP");
}

QJsonObject geminiUsage(const Answer &a)
{
    return {{QStringLiteral("promptTokenCount"), a.promptTokens},
            {QStringLiteral("candidatesTokenCount"), a.completionTokens},
            {QStringLiteral("totalTokenCount"), a.promptTokens + a.completionTokens}};
}

QJsonObject geminiCandidate(const QJsonArray &parts, const QString &finish)
{
    QJsonObject c{{QStringLiteral("content"), QJsonObject{{QStringLiteral("role"), QStringLiteral("model")}, {QStringLiteral("parts"), parts}}},
                  {QStringLiteral("index"), 0}};
    if (!finish.isEmpty())
        c.insert(QStringLiteral("finishReason"), finish);
    return c;
}

QJsonObject functionCallPart(const Answer &a)
{
    return {{QStringLiteral("functionCall"), QJsonObject{{QStringLiteral("name"), a.toolName},
                                                         {QStringLiteral("args"), QJsonDocument::fromJson(a.toolArguments.toUtf8()).object()}}}};
}

} // namespace

Route routeFor(const QByteArray &path, const QByteArray &query)
{
    Route r;
    if (path == "/v1/chat/completions" || path == "/chat/completions")
        r.dialect = Dialect::OpenAIChat;
    else if (path == "/v1/completions" || path == "/completions")
        r.dialect = Dialect::OpenAICompletion;
    else if (path == "/v1/embeddings" || path == "/embeddings")
        r.dialect = Dialect::OpenAIEmbedding;
    else if (path == "/v1/rerank" || path == "/rerank" || path == "/v1/reranking" || path == "/reranking")
        r.dialect = Dialect::OpenAIRerank; // llama-server's paths
    else if (path == "/v1/responses" || path == "/responses")
        r.dialect = Dialect::OpenAIResponses;
    else if (path == "/v1/messages")
        r.dialect = Dialect::Anthropic;
    else if (path.startsWith("/v1beta/models/")) {
        const QByteArray rest = QByteArray::fromPercentEncoding(path.mid(15));
        const qsizetype colon = rest.lastIndexOf(':');
        const QByteArray method = colon < 0 ? QByteArray() : rest.mid(colon + 1);
        if (method == "generateContent" || method == "streamGenerateContent") {
            r.dialect = Dialect::Gemini;
            r.model = QString::fromUtf8(rest.left(colon));
            r.stream = method == "streamGenerateContent";
            r.sse = query.contains("alt=sse");
        }
    }
    return r;
}

QString validate(Dialect dialect, const QJsonObject &body, const QByteArray &anthropicVersion)
{
    if (dialect == Dialect::OpenAIResponses)
        return validateResponses(body);
    if (dialect == Dialect::OpenAIRerank) { // llama-server's words
        if (!body.value(QLatin1String("query")).isString())
            return QStringLiteral("\"query\" must be provided");
        if (body.value(QLatin1String("documents")).toArray().isEmpty())
            return QStringLiteral("\"documents\" must be a non-empty string array");
    }
    if (dialect == Dialect::Anthropic) {
        if (anthropicVersion.isEmpty())
            return QStringLiteral("anthropic-version: header is required");
        if (!body.value(QLatin1String("max_tokens")).isDouble())
            return QStringLiteral("max_tokens: Field required");
        if (body.value(QLatin1String("messages")).toArray().isEmpty())
            return QStringLiteral("messages: Field required");
        QString last;
        for (const QJsonValue &m : body.value(QLatin1String("messages")).toArray()) {
            const QString role = m.toObject().value(QLatin1String("role")).toString();
            if (role == QLatin1String("system"))
                continue; // mid-conversation instructions (Claude Code sends them; the API takes them)
            if (role != QLatin1String("user") && role != QLatin1String("assistant"))
                return QStringLiteral("messages: unexpected role \"%1\"").arg(role);
            if (role == last)
                return QStringLiteral("messages: roles must alternate between \"user\" and \"assistant\"");
            last = role;
        }
    }
    if (dialect == Dialect::Gemini) {
        if (body.value(QLatin1String("contents")).toArray().isEmpty())
            return QStringLiteral("* GenerateContentRequest.contents: contents is not specified");
        for (const QJsonValue &t : body.value(QLatin1String("tools")).toArray()) {
            for (const QJsonValue &d : t.toObject().value(QLatin1String("functionDeclarations")).toArray()) {
                const QString type = d.toObject().value(QLatin1String("parameters")).toObject().value(QLatin1String("type")).toString();
                if (!type.isEmpty() && type != type.toUpper())
                    return QStringLiteral("Invalid value at 'tools[0].function_declarations[0].parameters.type' (type.googleapis.com/google.ai.generativelanguage.v1beta.Type), \"%1\"").arg(type);
            }
        }
    }
    return {};
}

QJsonObject asOpenAiRequest(Dialect dialect, const QJsonObject &body)
{
    switch (dialect) {
    case Dialect::Anthropic: return fromAnthropic(body);
    case Dialect::Gemini: return fromGemini(body);
    case Dialect::OpenAIResponses: return fromResponses(body);
    default: return body;
    }
}

bool wantsStream(const Route &route, const QJsonObject &body)
{
    return route.dialect == Dialect::Gemini ? route.stream : body.value(QLatin1String("stream")).toBool();
}

QByteArray errorBody(Dialect dialect, int status, const QString &message)
{
    if (dialect == Dialect::Anthropic)
        return json({{QStringLiteral("type"), QStringLiteral("error")},
                     {QStringLiteral("error"), QJsonObject{{QStringLiteral("type"), status >= 500 ? QStringLiteral("api_error") : QStringLiteral("invalid_request_error")},
                                                           {QStringLiteral("message"), message}}}});
    if (dialect == Dialect::Gemini)
        return json({{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), status},
                                                           {QStringLiteral("message"), message},
                                                           {QStringLiteral("status"), status >= 500 ? QStringLiteral("INTERNAL") : QStringLiteral("INVALID_ARGUMENT")}}}});
    return json({{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), status},
                                                       {QStringLiteral("message"), message},
                                                       {QStringLiteral("type"), status >= 500 ? QStringLiteral("server_error") : QStringLiteral("invalid_request_error")}}}});
}

QByteArray anthropicMessage(const Answer &a, const QString &id, const QString &model)
{
    QJsonArray content;
    if (a.toolName.isEmpty())
        content.append(textPart(a.tokens.join(QString())));
    else
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_use")},
                                   {QStringLiteral("id"), QStringLiteral("toolu_") + a.toolCallId.mid(5)},
                                   {QStringLiteral("name"), a.toolName},
                                   {QStringLiteral("input"), QJsonDocument::fromJson(a.toolArguments.toUtf8()).object()}});
    return json({{QStringLiteral("id"), id},
                 {QStringLiteral("type"), QStringLiteral("message")},
                 {QStringLiteral("role"), QStringLiteral("assistant")},
                 {QStringLiteral("model"), model},
                 {QStringLiteral("content"), content},
                 {QStringLiteral("stop_reason"), anthropicStop(a)},
                 {QStringLiteral("stop_sequence"), QJsonValue::Null},
                 {QStringLiteral("usage"), QJsonObject{{QStringLiteral("input_tokens"), a.promptTokens}, {QStringLiteral("output_tokens"), a.completionTokens}}}});
}

QByteArrayList anthropicEvents(const Answer &a, const QString &id, const QString &model)
{
    QByteArrayList out;
    out << event("message_start",
                 {{QStringLiteral("type"), QStringLiteral("message_start")},
                  {QStringLiteral("message"), QJsonObject{{QStringLiteral("id"), id},
                                                          {QStringLiteral("type"), QStringLiteral("message")},
                                                          {QStringLiteral("role"), QStringLiteral("assistant")},
                                                          {QStringLiteral("model"), model},
                                                          {QStringLiteral("content"), QJsonArray()},
                                                          {QStringLiteral("stop_reason"), QJsonValue::Null},
                                                          {QStringLiteral("stop_sequence"), QJsonValue::Null},
                                                          {QStringLiteral("usage"), QJsonObject{{QStringLiteral("input_tokens"), a.promptTokens},
                                                                                                {QStringLiteral("output_tokens"), 1}}}}}});
    auto delta = [](const QJsonObject &d) {
        return event("content_block_delta", {{QStringLiteral("type"), QStringLiteral("content_block_delta")}, {QStringLiteral("index"), 0}, {QStringLiteral("delta"), d}});
    };
    if (a.toolName.isEmpty()) {
        out << event("content_block_start", {{QStringLiteral("type"), QStringLiteral("content_block_start")},
                                             {QStringLiteral("index"), 0},
                                             {QStringLiteral("content_block"), textPart(QString())}});
        out << event("ping", {{QStringLiteral("type"), QStringLiteral("ping")}});
        for (const QString &token : a.tokens)
            out << delta({{QStringLiteral("type"), QStringLiteral("text_delta")}, {QStringLiteral("text"), token}});
    } else {
        out << event("content_block_start", {{QStringLiteral("type"), QStringLiteral("content_block_start")},
                                             {QStringLiteral("index"), 0},
                                             {QStringLiteral("content_block"), QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_use")},
                                                                                           {QStringLiteral("id"), QStringLiteral("toolu_") + a.toolCallId.mid(5)},
                                                                                           {QStringLiteral("name"), a.toolName},
                                                                                           {QStringLiteral("input"), QJsonObject()}}}});
        const qsizetype step = std::max<qsizetype>(1, a.toolArguments.size() / 3 + 1);
        for (qsizetype at = 0; at < a.toolArguments.size(); at += step)
            out << delta({{QStringLiteral("type"), QStringLiteral("input_json_delta")}, {QStringLiteral("partial_json"), a.toolArguments.mid(at, step)}});
    }
    out << event("content_block_stop", {{QStringLiteral("type"), QStringLiteral("content_block_stop")}, {QStringLiteral("index"), 0}});
    out << event("message_delta", {{QStringLiteral("type"), QStringLiteral("message_delta")},
                                   {QStringLiteral("delta"), QJsonObject{{QStringLiteral("stop_reason"), anthropicStop(a)}, {QStringLiteral("stop_sequence"), QJsonValue::Null}}},
                                   {QStringLiteral("usage"), QJsonObject{{QStringLiteral("output_tokens"), a.completionTokens}}}});
    out << event("message_stop", {{QStringLiteral("type"), QStringLiteral("message_stop")}});
    return out;
}

QByteArray geminiResponse(const Answer &a, const QString &model)
{
    const QJsonArray parts = a.toolName.isEmpty() ? QJsonArray{QJsonObject{{QStringLiteral("text"), a.tokens.join(QString())}}}
                                                  : QJsonArray{functionCallPart(a)};
    return json({{QStringLiteral("candidates"), QJsonArray{geminiCandidate(parts, geminiFinish(a))}},
                 {QStringLiteral("usageMetadata"), geminiUsage(a)},
                 {QStringLiteral("modelVersion"), model}});
}

QByteArrayList geminiChunks(const Answer &a, const QString &model, bool sse)
{
    QList<QJsonObject> chunks;
    if (a.toolName.isEmpty()) {
        for (qsizetype i = 0; i < a.tokens.size(); ++i) {
            const bool last = i + 1 == a.tokens.size();
            QJsonObject c{{QStringLiteral("candidates"), QJsonArray{geminiCandidate({QJsonObject{{QStringLiteral("text"), a.tokens[i]}}},
                                                                                    last ? geminiFinish(a) : QString())}},
                          {QStringLiteral("modelVersion"), model}};
            if (last)
                c.insert(QStringLiteral("usageMetadata"), geminiUsage(a));
            chunks << c;
        }
    } else {
        chunks << QJsonObject{{QStringLiteral("candidates"), QJsonArray{geminiCandidate({functionCallPart(a)}, geminiFinish(a))}},
                              {QStringLiteral("usageMetadata"), geminiUsage(a)},
                              {QStringLiteral("modelVersion"), model}};
    }
    QByteArrayList out;
    for (qsizetype i = 0; i < chunks.size(); ++i)
        out << (sse ? "data: " + json(chunks[i]) + "\r\n\r\n" : (i == 0 ? "[" : ",\r\n") + json(chunks[i]));
    return out;
}

} // namespace sim
