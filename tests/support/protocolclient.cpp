#include "protocolclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace sy::test {
namespace {

const QString kPrompt = QStringLiteral("What is the weather like in Paris?");
const QString kToolName = QStringLiteral("get_weather");

QJsonObject citySchema(bool geminiTypes)
{
    const QString object = geminiTypes ? QStringLiteral("OBJECT") : QStringLiteral("object");
    const QString string = geminiTypes ? QStringLiteral("STRING") : QStringLiteral("string");
    return {{QStringLiteral("type"), object},
            {QStringLiteral("properties"), QJsonObject{{QStringLiteral("city"), QJsonObject{{QStringLiteral("type"), string}}}}},
            {QStringLiteral("required"), QJsonArray{QStringLiteral("city")}}};
}

QJsonObject openAiBody(const QString &model, Scenario s, bool stream)
{
    QJsonArray messages;
    if (s == Scenario::Image)
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                    {QStringLiteral("content"),
                                     QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), kPrompt}},
                                                QJsonObject{{QStringLiteral("type"), QStringLiteral("image_url")},
                                                            {QStringLiteral("image_url"), QJsonObject{{QStringLiteral("url"), QStringLiteral("data:image/png;base64,") + QLatin1String(kTinyPng)}}}}}}});
    else
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), kPrompt}});
    if (s == Scenario::ToolResult) {
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                    {QStringLiteral("content"), QJsonValue::Null},
                                    {QStringLiteral("tool_calls"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("call_1")},
                                                                                          {QStringLiteral("type"), QStringLiteral("function")},
                                                                                          {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), kToolName},
                                                                                                                                   {QStringLiteral("arguments"), QStringLiteral(R"({"city":"Paris"})")}}}}}}});
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("tool")}, {QStringLiteral("tool_call_id"), QStringLiteral("call_1")}, {QStringLiteral("content"), QStringLiteral("sunny, 21 C")}});
    }
    QJsonObject body{{QStringLiteral("model"), model}, {QStringLiteral("messages"), messages}, {QStringLiteral("stream"), stream}};
    if (stream)
        body.insert(QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}});
    if (s == Scenario::Tool || s == Scenario::ToolResult)
        body.insert(QStringLiteral("tools"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                                                    {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), kToolName},
                                                                                                             {QStringLiteral("description"), QStringLiteral("Current weather")},
                                                                                                             {QStringLiteral("parameters"), citySchema(false)}}}}});
    return body;
}

QJsonObject anthropicBody(const QString &model, Scenario s, bool stream)
{
    QJsonArray messages;
    if (s == Scenario::Image)
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                    {QStringLiteral("content"),
                                     QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), kPrompt}},
                                                QJsonObject{{QStringLiteral("type"), QStringLiteral("image")},
                                                            {QStringLiteral("source"), QJsonObject{{QStringLiteral("type"), QStringLiteral("base64")},
                                                                                                   {QStringLiteral("media_type"), QStringLiteral("image/png")},
                                                                                                   {QStringLiteral("data"), QLatin1String(kTinyPng)}}}}}}});
    else
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), kPrompt}});
    if (s == Scenario::ToolResult) {
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                    {QStringLiteral("content"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_use")},
                                                                                       {QStringLiteral("id"), QStringLiteral("toolu_1")},
                                                                                       {QStringLiteral("name"), kToolName},
                                                                                       {QStringLiteral("input"), QJsonObject{{QStringLiteral("city"), QStringLiteral("Paris")}}}}}}});
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                    {QStringLiteral("content"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_result")},
                                                                                       {QStringLiteral("tool_use_id"), QStringLiteral("toolu_1")},
                                                                                       {QStringLiteral("content"), QStringLiteral("sunny, 21 C")}}}}});
    }
    QJsonObject body{{QStringLiteral("model"), model}, {QStringLiteral("max_tokens"), 64}, {QStringLiteral("messages"), messages}, {QStringLiteral("stream"), stream}};
    if (s == Scenario::Tool || s == Scenario::ToolResult)
        body.insert(QStringLiteral("tools"), QJsonArray{QJsonObject{{QStringLiteral("name"), kToolName},
                                                                    {QStringLiteral("description"), QStringLiteral("Current weather")},
                                                                    {QStringLiteral("input_schema"), citySchema(false)}}});
    return body;
}

QJsonObject geminiBody(Scenario s)
{
    QJsonArray parts{QJsonObject{{QStringLiteral("text"), kPrompt}}};
    if (s == Scenario::Image)
        parts.append(QJsonObject{{QStringLiteral("inlineData"), QJsonObject{{QStringLiteral("mimeType"), QStringLiteral("image/png")},
                                                                            {QStringLiteral("data"), QLatin1String(kTinyPng)}}}});
    QJsonArray contents{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("parts"), parts}}};
    if (s == Scenario::ToolResult) {
        contents.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("model")},
                                    {QStringLiteral("parts"), QJsonArray{QJsonObject{{QStringLiteral("functionCall"),
                                                                                      QJsonObject{{QStringLiteral("name"), kToolName},
                                                                                                  {QStringLiteral("args"), QJsonObject{{QStringLiteral("city"), QStringLiteral("Paris")}}}}}}}}});
        contents.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                    {QStringLiteral("parts"), QJsonArray{QJsonObject{{QStringLiteral("functionResponse"),
                                                                                      QJsonObject{{QStringLiteral("name"), kToolName},
                                                                                                  {QStringLiteral("response"), QJsonObject{{QStringLiteral("result"), QStringLiteral("sunny, 21 C")}}}}}}}}});
    }
    QJsonObject body{{QStringLiteral("contents"), contents}, {QStringLiteral("generationConfig"), QJsonObject{{QStringLiteral("maxOutputTokens"), 64}}}};
    if (s == Scenario::Tool || s == Scenario::ToolResult)
        body.insert(QStringLiteral("tools"), QJsonArray{QJsonObject{{QStringLiteral("functionDeclarations"),
                                                                     QJsonArray{QJsonObject{{QStringLiteral("name"), kToolName},
                                                                                            {QStringLiteral("description"), QStringLiteral("Current weather")},
                                                                                            {QStringLiteral("parameters"), citySchema(true)}}}}}});
    return body;
}

QJsonObject ollamaBody(const QString &model, Scenario s, bool stream)
{
    QJsonObject user{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), kPrompt}};
    if (s == Scenario::Image)
        user.insert(QStringLiteral("images"), QJsonArray{QLatin1String(kTinyPng)});
    QJsonArray messages{user};
    if (s == Scenario::ToolResult) {
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                    {QStringLiteral("content"), QString()},
                                    {QStringLiteral("tool_calls"), QJsonArray{QJsonObject{{QStringLiteral("function"),
                                                                                           QJsonObject{{QStringLiteral("name"), kToolName},
                                                                                                       {QStringLiteral("arguments"), QJsonObject{{QStringLiteral("city"), QStringLiteral("Paris")}}}}}}}}});
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("tool")}, {QStringLiteral("content"), QStringLiteral("sunny, 21 C")}, {QStringLiteral("tool_name"), kToolName}});
    }
    QJsonObject body{{QStringLiteral("model"), model}, {QStringLiteral("messages"), messages}, {QStringLiteral("stream"), stream},
                     {QStringLiteral("options"), QJsonObject{{QStringLiteral("num_predict"), 64}}}};
    if (s == Scenario::Tool || s == Scenario::ToolResult)
        body.insert(QStringLiteral("tools"), openAiBody(model, Scenario::Tool, false).value(QLatin1String("tools")));
    return body;
}

// The Responses API: items instead of messages, flat function tools.
QJsonObject responsesBody(const QString &model, Scenario s, bool stream)
{
    QJsonArray content{QJsonObject{{QStringLiteral("type"), QStringLiteral("input_text")}, {QStringLiteral("text"), kPrompt}}};
    if (s == Scenario::Image)
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("input_image")},
                                   {QStringLiteral("image_url"), QStringLiteral("data:image/png;base64,") + QLatin1String(kTinyPng)}});
    QJsonArray input{QJsonObject{{QStringLiteral("type"), QStringLiteral("message")}, {QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), content}}};
    if (s == Scenario::ToolResult) {
        input.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function_call")},
                                 {QStringLiteral("call_id"), QStringLiteral("call_1")},
                                 {QStringLiteral("name"), kToolName},
                                 {QStringLiteral("arguments"), QStringLiteral(R"({"city":"Paris"})")}});
        input.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function_call_output")},
                                 {QStringLiteral("call_id"), QStringLiteral("call_1")},
                                 {QStringLiteral("output"), QStringLiteral("sunny, 21 C")}});
    }
    QJsonObject body{{QStringLiteral("model"), model}, {QStringLiteral("input"), input}, {QStringLiteral("stream"), stream},
                     {QStringLiteral("max_output_tokens"), 64}};
    if (s == Scenario::Tool || s == Scenario::ToolResult)
        body.insert(QStringLiteral("tools"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                                                    {QStringLiteral("name"), kToolName},
                                                                    {QStringLiteral("description"), QStringLiteral("Current weather")},
                                                                    {QStringLiteral("parameters"), citySchema(false)}}});
    return body;
}

void readOpenAi(const TestResponse &r, bool stream, ChatAnswer &a)
{
    if (!stream) {
        const QJsonObject choice = r.json().value(QLatin1String("choices")).toArray().first().toObject();
        const QJsonObject message = choice.value(QLatin1String("message")).toObject();
        a.text = message.value(QLatin1String("content")).toString();
        const QJsonObject call = message.value(QLatin1String("tool_calls")).toArray().first().toObject();
        a.toolId = call.value(QLatin1String("id")).toString();
        a.toolName = call.value(QLatin1String("function")).toObject().value(QLatin1String("name")).toString();
        a.toolArguments = QJsonDocument::fromJson(call.value(QLatin1String("function")).toObject().value(QLatin1String("arguments")).toString().toUtf8()).object();
        a.stopReason = choice.value(QLatin1String("finish_reason")).toString();
        a.outputTokens = r.json().value(QLatin1String("usage")).toObject().value(QLatin1String("completion_tokens")).toInteger(-1);
        return;
    }
    QString arguments;
    for (const QByteArray &data : r.sseData()) {
        if (data == "[DONE]") {
            a.streamEnded = true;
            continue;
        }
        const QJsonObject chunk = QJsonDocument::fromJson(data).object();
        if (chunk.contains(QLatin1String("error")))
            a.error = QString::fromUtf8(data);
        if (chunk.contains(QLatin1String("usage")))
            a.outputTokens = chunk.value(QLatin1String("usage")).toObject().value(QLatin1String("completion_tokens")).toInteger(-1);
        const QJsonObject choice = chunk.value(QLatin1String("choices")).toArray().first().toObject();
        const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
        a.text += delta.value(QLatin1String("content")).toString();
        for (const QJsonValue &c : delta.value(QLatin1String("tool_calls")).toArray()) {
            const QJsonObject function = c.toObject().value(QLatin1String("function")).toObject();
            if (function.contains(QLatin1String("name")))
                a.toolName = function.value(QLatin1String("name")).toString();
            if (c.toObject().contains(QLatin1String("id")))
                a.toolId = c.toObject().value(QLatin1String("id")).toString();
            arguments += function.value(QLatin1String("arguments")).toString();
        }
        if (choice.value(QLatin1String("finish_reason")).isString())
            a.stopReason = choice.value(QLatin1String("finish_reason")).toString();
    }
    a.toolArguments = QJsonDocument::fromJson(arguments.toUtf8()).object();
}

void readAnthropic(const TestResponse &r, bool stream, ChatAnswer &a)
{
    if (!stream) {
        const QJsonObject message = r.json();
        for (const QJsonValue &b : message.value(QLatin1String("content")).toArray()) {
            const QJsonObject block = b.toObject();
            if (block.value(QLatin1String("type")) == QLatin1String("text"))
                a.text += block.value(QLatin1String("text")).toString();
            if (block.value(QLatin1String("type")) == QLatin1String("tool_use")) {
                a.toolName = block.value(QLatin1String("name")).toString();
                a.toolId = block.value(QLatin1String("id")).toString();
                a.toolArguments = block.value(QLatin1String("input")).toObject();
            }
        }
        a.stopReason = message.value(QLatin1String("stop_reason")).toString();
        a.outputTokens = message.value(QLatin1String("usage")).toObject().value(QLatin1String("output_tokens")).toInteger(-1);
        return;
    }
    QString arguments;
    QStringList order;
    for (const QByteArray &data : r.sseData()) {
        const QJsonObject e = QJsonDocument::fromJson(data).object();
        const QString type = e.value(QLatin1String("type")).toString();
        order << type;
        if (type == QLatin1String("content_block_start") &&
            e.value(QLatin1String("content_block")).toObject().value(QLatin1String("type")) == QLatin1String("tool_use")) {
            a.toolName = e.value(QLatin1String("content_block")).toObject().value(QLatin1String("name")).toString();
            a.toolId = e.value(QLatin1String("content_block")).toObject().value(QLatin1String("id")).toString();
        } else if (type == QLatin1String("content_block_delta")) {
            const QJsonObject d = e.value(QLatin1String("delta")).toObject();
            a.text += d.value(QLatin1String("text")).toString();
            arguments += d.value(QLatin1String("partial_json")).toString();
        } else if (type == QLatin1String("message_delta")) {
            a.stopReason = e.value(QLatin1String("delta")).toObject().value(QLatin1String("stop_reason")).toString();
            a.outputTokens = e.value(QLatin1String("usage")).toObject().value(QLatin1String("output_tokens")).toInteger(-1);
        } else if (type == QLatin1String("error")) {
            a.error = QString::fromUtf8(data);
        }
    }
    a.toolArguments = QJsonDocument::fromJson(arguments.toUtf8()).object();
    // The event order Anthropic's SDKs rely on.
    a.streamEnded = !order.isEmpty() && order.first() == QLatin1String("message_start") && order.last() == QLatin1String("message_stop") &&
                    order.contains(QStringLiteral("content_block_start")) && order.contains(QStringLiteral("content_block_stop")) &&
                    order.indexOf(QStringLiteral("message_delta")) == order.size() - 2;
}

void readGeminiResponse(const QJsonObject &response, ChatAnswer &a, QString &arguments)
{
    const QJsonObject candidate = response.value(QLatin1String("candidates")).toArray().first().toObject();
    for (const QJsonValue &p : candidate.value(QLatin1String("content")).toObject().value(QLatin1String("parts")).toArray()) {
        const QJsonObject part = p.toObject();
        a.text += part.value(QLatin1String("text")).toString();
        if (part.contains(QLatin1String("functionCall"))) {
            const QJsonObject call = part.value(QLatin1String("functionCall")).toObject();
            a.toolName = call.value(QLatin1String("name")).toString();
            a.toolId = call.value(QLatin1String("id")).toString();
            arguments = QString::fromUtf8(QJsonDocument(call.value(QLatin1String("args")).toObject()).toJson());
        }
    }
    if (candidate.contains(QLatin1String("finishReason")))
        a.stopReason = candidate.value(QLatin1String("finishReason")).toString();
    if (response.contains(QLatin1String("usageMetadata")))
        a.outputTokens = response.value(QLatin1String("usageMetadata")).toObject().value(QLatin1String("candidatesTokenCount")).toInteger(-1);
    if (response.contains(QLatin1String("error")))
        a.error = QString::fromUtf8(QJsonDocument(response).toJson(QJsonDocument::Compact));
}

void readGemini(const TestResponse &r, bool stream, ChatAnswer &a)
{
    QString arguments;
    if (!stream) {
        readGeminiResponse(r.json(), a, arguments);
    } else {
        for (const QByteArray &data : r.sseData())
            readGeminiResponse(QJsonDocument::fromJson(data).object(), a, arguments);
        a.streamEnded = !a.stopReason.isEmpty();
    }
    a.toolArguments = QJsonDocument::fromJson(arguments.toUtf8()).object();
}

void readResponseOutput(const QJsonObject &response, ChatAnswer &a)
{
    a.responseId = response.value(QLatin1String("id")).toString();
    a.text.clear();
    for (const QJsonValue &v : response.value(QLatin1String("output")).toArray()) {
        const QJsonObject item = v.toObject();
        if (item.value(QLatin1String("type")) == QLatin1String("message")) {
            for (const QJsonValue &part : item.value(QLatin1String("content")).toArray())
                a.text += part.toObject().value(QLatin1String("text")).toString();
        } else if (item.value(QLatin1String("type")) == QLatin1String("function_call")) {
            a.toolName = item.value(QLatin1String("name")).toString();
            a.toolId = item.value(QLatin1String("call_id")).toString();
            a.toolArguments = QJsonDocument::fromJson(item.value(QLatin1String("arguments")).toString().toUtf8()).object();
        }
    }
    a.stopReason = response.value(QLatin1String("status")).toString();
    if (response.value(QLatin1String("usage")).isObject())
        a.outputTokens = response.value(QLatin1String("usage")).toObject().value(QLatin1String("output_tokens")).toInteger(-1);
    if (response.value(QLatin1String("error")).isObject())
        a.error = QString::fromUtf8(QJsonDocument(response.value(QLatin1String("error")).toObject()).toJson(QJsonDocument::Compact));
}

void readResponses(const TestResponse &r, bool stream, ChatAnswer &a)
{
    if (!stream) {
        readResponseOutput(r.json(), a);
        return;
    }
    // The lifecycle the openai SDK's stream helper and Codex rely on: created first, items
    // opened before their deltas, consecutive sequence numbers, one terminal event last.
    QString deltas;
    QStringList order;
    qint64 expectedSequence = 0;
    QJsonObject terminal;
    for (const QByteArray &data : r.sseData()) {
        const QJsonObject e = QJsonDocument::fromJson(data).object();
        const QString type = e.value(QLatin1String("type")).toString();
        order << type;
        if (e.value(QLatin1String("sequence_number")).toInteger(-1) != expectedSequence++)
            a.error = QStringLiteral("sequence_number out of order at ") + type;
        if (type == QLatin1String("response.output_text.delta"))
            deltas += e.value(QLatin1String("delta")).toString();
        else if (type == QLatin1String("response.completed") || type == QLatin1String("response.incomplete") || type == QLatin1String("response.failed"))
            terminal = e.value(QLatin1String("response")).toObject();
        else if (type == QLatin1String("error"))
            a.error = QString::fromUtf8(data);
    }
    if (!terminal.isEmpty())
        readResponseOutput(terminal, a);
    if (a.text.isEmpty()) // a failed response keeps no output; the deltas are what arrived
        a.text = deltas;
    if (order.contains(QStringLiteral("response.failed")) && a.error.isEmpty())
        a.error = QStringLiteral("response.failed");
    if (a.text != deltas && a.error.isEmpty())
        a.error = QStringLiteral("deltas \"%1\" differ from the final output \"%2\"").arg(deltas, a.text);
    const qsizetype added = order.indexOf(QStringLiteral("response.output_item.added"));
    const qsizetype firstDelta = std::max(order.indexOf(QStringLiteral("response.output_text.delta")),
                                          order.indexOf(QStringLiteral("response.function_call_arguments.delta")));
    a.streamEnded = !order.isEmpty() && order.first() == QLatin1String("response.created") && added > 0 && (firstDelta < 0 || added < firstDelta) &&
                    order.contains(QStringLiteral("response.output_item.done")) &&
                    (order.last() == QLatin1String("response.completed") || order.last() == QLatin1String("response.incomplete"));
}

void readOllamaLine(const QJsonObject &o, ChatAnswer &a)
{
    const QJsonObject message = o.value(QLatin1String("message")).toObject();
    a.text += message.value(QLatin1String("content")).toString();
    const QJsonObject call = message.value(QLatin1String("tool_calls")).toArray().first().toObject().value(QLatin1String("function")).toObject();
    if (!call.isEmpty()) {
        a.toolName = call.value(QLatin1String("name")).toString();
        a.toolArguments = call.value(QLatin1String("arguments")).toObject();
    }
    if (o.value(QLatin1String("done")).toBool()) {
        a.stopReason = o.value(QLatin1String("done_reason")).toString();
        a.outputTokens = o.value(QLatin1String("eval_count")).toInteger(-1);
        a.streamEnded = true;
    }
    if (o.contains(QLatin1String("error")))
        a.error = o.value(QLatin1String("error")).toString();
}

void readOllama(const TestResponse &r, bool stream, ChatAnswer &a)
{
    if (!stream) {
        readOllamaLine(r.json(), a);
        return;
    }
    for (const QByteArray &line : r.body.split('\n')) {
        if (!line.trimmed().isEmpty())
            readOllamaLine(QJsonDocument::fromJson(line).object(), a);
    }
}

} // namespace

const char *const kTinyPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

const char *wireName(Wire wire)
{
    switch (wire) {
    case Wire::OpenAI: return "openai";
    case Wire::Anthropic: return "anthropic";
    case Wire::Gemini: return "gemini";
    case Wire::Ollama: return "ollama";
    case Wire::Responses: return "responses";
    }
    return "?";
}

TestResponse sendChat(quint16 port, Wire wire, const QString &model, Scenario scenario, bool stream, const http::Headers &extraHeaders)
{
    http::Headers headers = extraHeaders;
    headers.add(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    QByteArray path;
    QJsonObject body;
    switch (wire) {
    case Wire::OpenAI:
        path = "/v1/chat/completions";
        body = openAiBody(model, scenario, stream);
        break;
    case Wire::Anthropic:
        path = "/v1/messages";
        body = anthropicBody(model, scenario, stream);
        headers.add(QByteArrayLiteral("anthropic-version"), QByteArrayLiteral("2023-06-01"));
        headers.add(QByteArrayLiteral("x-api-key"), QByteArrayLiteral("sk-ant-test"));
        break;
    case Wire::Gemini:
        path = "/v1beta/models/" + QUrl::toPercentEncoding(model, ":") + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        body = geminiBody(scenario);
        break;
    case Wire::Ollama:
        path = "/api/chat";
        body = ollamaBody(model, scenario, stream);
        break;
    case Wire::Responses:
        path = "/v1/responses";
        body = responsesBody(model, scenario, stream);
        break;
    }
    return TestHttpClient(port).request("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), headers, 20000);
}

ChatAnswer readChat(Wire wire, const TestResponse &response, bool stream)
{
    ChatAnswer a;
    a.status = response.status;
    if (response.status != 200) {
        a.error = QString::fromUtf8(response.body);
        return a;
    }
    switch (wire) {
    case Wire::OpenAI: readOpenAi(response, stream, a); break;
    case Wire::Anthropic: readAnthropic(response, stream, a); break;
    case Wire::Gemini: readGemini(response, stream, a); break;
    case Wire::Ollama: readOllama(response, stream, a); break;
    case Wire::Responses: readResponses(response, stream, a); break;
    }
    return a;
}

} // namespace sy::test
