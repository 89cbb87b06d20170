#include "simanswer.h"

#include "simtext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sim {
namespace {

QString contentText(const QJsonValue &content, bool *hasImage)
{
    if (content.isString())
        return content.toString();
    QString text;
    for (const QJsonValue &part : content.toArray()) {
        const QJsonObject p = part.toObject();
        const QString type = p.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text"))
            text += p.value(QLatin1String("text")).toString();
        else if (type == QLatin1String("image_url") || type == QLatin1String("image"))
            *hasImage = true;
    }
    return text;
}

} // namespace

namespace {

bool offersTool(const QJsonArray &tools, const QString &name)
{
    for (const QJsonValue &t : tools) {
        if (t.toObject().value(QLatin1String("function")).toObject().value(QLatin1String("name")).toString() == name)
            return true;
    }
    return false;
}

// A tool message's result as text: "tool_output" where the dialect put it, else its content.
QString toolOutput(const QJsonObject &message)
{
    if (message.contains(QLatin1String("tool_output")))
        return message.value(QLatin1String("tool_output")).toString();
    bool ignored = false;
    return contentText(message.value(QLatin1String("content")), &ignored);
}

void setTextTokens(Answer &a, const QStringList &text)
{
    for (qsizetype i = 0; i < text.size(); ++i)
        a.tokens << (i == 0 ? text[i] : QLatin1Char(' ') + text[i]);
    a.completionTokens = int(a.tokens.size());
}

// --tool-call: call the first scripted tool the request offers; after its result, quote it.
bool planScripted(Answer &a, const QJsonArray &messages, const QJsonArray &tools, const QList<ScriptedCall> &script, quint64 seed)
{
    const QJsonObject last = messages.isEmpty() ? QJsonObject() : messages.last().toObject();
    const QString role = last.value(QLatin1String("role")).toString();
    if (role == QLatin1String("tool")) {
        // Bounded, on one line, so the quote survives every protocol and CLI rendering.
        const QString quoted = toolOutput(last).simplified().left(400);
        setTextTokens(a, (QStringLiteral("[after tool] ") + quoted).split(QLatin1Char(' '), Qt::SkipEmptyParts));
        a.finishReason = QStringLiteral("stop");
        return true;
    }
    if (role != QLatin1String("user"))
        return false;
    for (const ScriptedCall &call : script) {
        if (!offersTool(tools, call.tool))
            continue;
        a.toolName = call.tool;
        a.toolCallId = QStringLiteral("call_%1").arg(seed % 1000000000ull, 9, 10, QLatin1Char('0'));
        a.toolArguments = QString::fromUtf8(QJsonDocument(call.arguments).toJson(QJsonDocument::Compact));
        a.finishReason = QStringLiteral("tool_calls");
        a.completionTokens = approximateTokens(a.toolArguments) + 2;
        return true;
    }
    return false;
}

} // namespace

Answer planAnswer(const QJsonObject &request, bool chat, const QString &modelName, const SimOptions &options)
{
    Answer a;
    a.tokensPerS = options.reportsTimings ? options.tokensPerS : 0;
    QString prompt;
    QString lastRole;
    bool hasImage = false;
    const QJsonArray messages = request.value(QLatin1String("messages")).toArray();
    if (chat) {
        for (const QJsonValue &m : messages) {
            const QJsonObject message = m.toObject();
            lastRole = message.value(QLatin1String("role")).toString();
            prompt += contentText(message.value(QLatin1String("content")), &hasImage) + QLatin1Char('\n');
            if (!message.value(QLatin1String("images")).toArray().isEmpty()) // Ollama's way
                hasImage = true;
        }
    } else {
        const QJsonValue p = request.value(QLatin1String("prompt"));
        prompt = p.isArray() ? p.toArray().first().toString() : p.toString();
    }
    a.promptTokens = approximateTokens(prompt);
    const quint64 seed = fnv1a(modelName.toUtf8() + '\n' + prompt.toUtf8());

    const QJsonArray tools = request.value(QLatin1String("tools")).toArray();
    if (chat && !options.toolCalls.isEmpty() && planScripted(a, messages, tools, options.toolCalls, seed))
        return a;
    if (chat && !tools.isEmpty() && lastRole == QLatin1String("user")) {
        const QJsonObject function = tools.first().toObject().value(QLatin1String("function")).toObject();
        a.toolName = function.value(QLatin1String("name")).toString();
        a.toolCallId = QStringLiteral("call_%1").arg(seed % 1000000000ull, 9, 10, QLatin1Char('0'));
        a.toolArguments = QString::fromUtf8(
            QJsonDocument(argumentsFor(function.value(QLatin1String("parameters")).toObject(), seed)).toJson(QJsonDocument::Compact));
        a.finishReason = QStringLiteral("tool_calls");
        a.completionTokens = approximateTokens(a.toolArguments) + 2;
        return a;
    }

    const int defaultTokens = options.defaultTokens;
    int limit = defaultTokens;
    for (const char *key : {"max_tokens", "max_completion_tokens", "n_predict"}) {
        if (request.contains(QLatin1String(key)))
            limit = request.value(QLatin1String(key)).toInt(defaultTokens);
    }
    const int count = std::max(1, std::min(limit, defaultTokens));
    QStringList text = options.answer.isEmpty() ? words(seed, count) : options.answer.split(QLatin1Char(' '));
    if (lastRole == QLatin1String("tool"))
        text.prepend(QStringLiteral("[after tool]"));
    if (hasImage)
        text.prepend(QStringLiteral("[image seen]"));
    setTextTokens(a, text);
    a.finishReason = limit < defaultTokens ? QStringLiteral("length") : QStringLiteral("stop");
    return a;
}

void addTimings(QJsonObject &response, const Answer &a)
{
    if (a.tokensPerS > 0)
        response.insert(QStringLiteral("timings"), QJsonObject{{QStringLiteral("predicted_n"), a.completionTokens},
                                                               {QStringLiteral("predicted_per_second"), a.tokensPerS}});
}

QJsonObject usageObject(const Answer &a)
{
    return {{QStringLiteral("prompt_tokens"), a.promptTokens},
            {QStringLiteral("completion_tokens"), a.completionTokens},
            {QStringLiteral("total_tokens"), a.promptTokens + a.completionTokens}};
}

QJsonObject chatCompletion(const Answer &a, const QString &id, const QString &model, qint64 created)
{
    QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")}};
    if (!a.toolName.isEmpty()) {
        message.insert(QStringLiteral("content"), QJsonValue::Null);
        message.insert(QStringLiteral("tool_calls"),
                       QJsonArray{QJsonObject{{QStringLiteral("id"), a.toolCallId},
                                              {QStringLiteral("type"), QStringLiteral("function")},
                                              {QStringLiteral("function"),
                                               QJsonObject{{QStringLiteral("name"), a.toolName},
                                                           {QStringLiteral("arguments"), a.toolArguments}}}}});
    } else {
        message.insert(QStringLiteral("content"), a.tokens.join(QString()));
    }
    QJsonObject out{{QStringLiteral("id"), id},
                    {QStringLiteral("object"), QStringLiteral("chat.completion")},
                    {QStringLiteral("created"), created},
                    {QStringLiteral("model"), model},
                    {QStringLiteral("choices"), QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                                       {QStringLiteral("message"), message},
                                                                       {QStringLiteral("logprobs"), QJsonValue::Null},
                                                                       {QStringLiteral("finish_reason"), a.finishReason}}}},
                    {QStringLiteral("usage"), usageObject(a)}};
    addTimings(out, a);
    return out;
}

QJsonObject textCompletion(const Answer &a, const QString &id, const QString &model, qint64 created)
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("object"), QStringLiteral("text_completion")},
            {QStringLiteral("created"), created},
            {QStringLiteral("model"), model},
            {QStringLiteral("choices"), QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                               {QStringLiteral("text"), a.tokens.join(QString())},
                                                               {QStringLiteral("logprobs"), QJsonValue::Null},
                                                               {QStringLiteral("finish_reason"), a.finishReason}}}},
            {QStringLiteral("usage"), usageObject(a)}};
}

namespace {

QJsonObject chunk(const QString &object, const QString &id, const QString &model, qint64 created, const QJsonArray &choices)
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("object"), object},
            {QStringLiteral("created"), created},
            {QStringLiteral("model"), model},
            {QStringLiteral("choices"), choices}};
}

QJsonObject chatChoice(const QJsonObject &delta, const QJsonValue &finish)
{
    return {{QStringLiteral("index"), 0}, {QStringLiteral("delta"), delta}, {QStringLiteral("finish_reason"), finish}};
}

} // namespace

QList<QJsonObject> chatChunks(const Answer &a, const QString &id, const QString &model, qint64 created, bool includeUsage)
{
    const QString object = QStringLiteral("chat.completion.chunk");
    QList<QJsonObject> out;
    if (!a.toolName.isEmpty()) {
        const QJsonObject call{{QStringLiteral("index"), 0},
                               {QStringLiteral("id"), a.toolCallId},
                               {QStringLiteral("type"), QStringLiteral("function")},
                               {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), a.toolName},
                                                                        {QStringLiteral("arguments"), QString()}}}};
        out << chunk(object, id, model, created,
                     {chatChoice({{QStringLiteral("role"), QStringLiteral("assistant")},
                                  {QStringLiteral("content"), QJsonValue::Null},
                                  {QStringLiteral("tool_calls"), QJsonArray{call}}},
                                 QJsonValue::Null)});
        // The arguments arrive in pieces, as real servers send them.
        const qsizetype step = std::max<qsizetype>(1, a.toolArguments.size() / 3 + 1);
        for (qsizetype at = 0; at < a.toolArguments.size(); at += step) {
            const QJsonObject piece{{QStringLiteral("index"), 0},
                                    {QStringLiteral("function"),
                                     QJsonObject{{QStringLiteral("arguments"), a.toolArguments.mid(at, step)}}}};
            out << chunk(object, id, model, created,
                         {chatChoice({{QStringLiteral("tool_calls"), QJsonArray{piece}}}, QJsonValue::Null)});
        }
    } else {
        out << chunk(object, id, model, created,
                     {chatChoice({{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), QString()}},
                                 QJsonValue::Null)});
        for (const QString &token : a.tokens)
            out << chunk(object, id, model, created, {chatChoice({{QStringLiteral("content"), token}}, QJsonValue::Null)});
    }
    QJsonObject last = chunk(object, id, model, created, {chatChoice(QJsonObject{}, a.finishReason)});
    addTimings(last, a); // llama-server sends its timings with the finish
    out << last;
    if (includeUsage) {
        QJsonObject usage = chunk(object, id, model, created, QJsonArray{});
        usage.insert(QStringLiteral("usage"), usageObject(a));
        out << usage;
    }
    return out;
}

QList<QJsonObject> textChunks(const Answer &a, const QString &id, const QString &model, qint64 created, bool includeUsage)
{
    const QString object = QStringLiteral("text_completion");
    auto choice = [](const QString &text, const QJsonValue &finish) {
        return QJsonObject{{QStringLiteral("index"), 0},
                           {QStringLiteral("text"), text},
                           {QStringLiteral("logprobs"), QJsonValue::Null},
                           {QStringLiteral("finish_reason"), finish}};
    };
    QList<QJsonObject> out;
    for (const QString &token : a.tokens)
        out << chunk(object, id, model, created, {choice(token, QJsonValue::Null)});
    out << chunk(object, id, model, created, {choice(QString(), a.finishReason)});
    if (includeUsage) {
        QJsonObject usage = chunk(object, id, model, created, QJsonArray{});
        usage.insert(QStringLiteral("usage"), usageObject(a));
        out << usage;
    }
    return out;
}

} // namespace sim
