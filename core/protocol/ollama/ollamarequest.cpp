#include "protocol/ollama/ollamacodec.h"

#include "protocol/openai/openaicodec.h"
#include "protocol/fieldtypes.h"
#include "protocol/params.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <cmath>
#include <optional>

namespace sy::protocol::ollama {
namespace {

const QStringList kKnownKeys = {QStringLiteral("model"), QStringLiteral("messages"), QStringLiteral("prompt"),
                                QStringLiteral("system"), QStringLiteral("images"), QStringLiteral("tools"),
                                QStringLiteral("format"), QStringLiteral("options"), QStringLiteral("stream"),
                                QStringLiteral("keep_alive")};


void addImages(const QJsonValue &images, Message &message)
{
    for (const QJsonValue &image : images.toArray()) {
        Part p;
        p.kind = Part::Kind::Image;
        p.data = image.toString().toLatin1();
        p.mimeType = imageTypeOf(p.data);
        message.parts.push_back(std::move(p));
    }
}

constexpr double kDefaultKeepAliveS = 300; // Ollama's

std::optional<double> readKeepAlive(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return kDefaultKeepAliveS;
    if (value.isDouble())
        return value.toDouble();
    if (!value.isString())
        return std::nullopt;
    const QString text = value.toString().trimmed();
    bool ok = false;
    if (const double plain = text.toDouble(&ok); ok && std::isfinite(plain)) // "300", "-1"
        return plain;
    // Go's time.ParseDuration: an optional sign, then numbers each with its unit.
    static const QRegularExpression whole(QStringLiteral("^[+-]?(?:(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:ns|us|\u00b5s|ms|s|m|h))+$"));
    if (!whole.match(text).hasMatch())
        return std::nullopt;
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|\u00b5s|ms|s|m|h)"));
    double seconds = 0;
    for (auto it = part.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString unit = m.captured(2);
        const double scale = unit == QLatin1String("h") ? 3600 : unit == QLatin1String("m") ? 60 : unit == QLatin1String("s") ? 1
                             : unit == QLatin1String("ms") ? 1e-3 : unit == QLatin1String("ns") ? 1e-9 : 1e-6;
        seconds += m.captured(1).toDouble() * scale;
    }
    return text.startsWith(QLatin1Char('-')) ? -seconds : seconds;
}

} // namespace

double keepAliveSeconds(const QJsonValue &value)
{
    return readKeepAlive(value).value_or(kDefaultKeepAliveS);
}

bool isKeepAlive(const QJsonValue &value)
{
    return readKeepAlive(value).has_value();
}

QString imageTypeOf(const QByteArray &base64)
{
    if (base64.startsWith("iVBOR"))
        return QStringLiteral("image/png");
    if (base64.startsWith("R0lGOD"))
        return QStringLiteral("image/gif");
    if (base64.startsWith("UklGR"))
        return QStringLiteral("image/webp");
    return QStringLiteral("image/jpeg"); // "/9j/", and the likeliest otherwise
}

bool parseRequest(const QJsonObject &body, Flavor flavor, Request &out, QString *error)
{
    out.source = Protocol::Ollama;
    out.model = body.value(QLatin1String("model")).toString();
    if (out.model.isEmpty()) {
        *error = QStringLiteral("model is required");
        return false;
    }
    if (!fieldsHaveTypes(body, {{"prompt", String}, {"system", String}, {"images", Array}, {"tools", Array}, {"options", Object},
                                {"stream", Boolean}, {"format", String | Object}, {"keep_alive", String | Number}},
                         error))
        return false;
    if (flavor == Flavor::Prompt) {
        out.system = body.value(QLatin1String("system")).toString();
        Message message{Role::User, {Part::textPart(body.value(QLatin1String("prompt")).toString())}};
        addImages(body.value(QLatin1String("images")), message);
        out.messages.push_back(std::move(message));
    } else {
        const QJsonValue messages = body.value(QLatin1String("messages"));
        if (!messages.isUndefined() && !messages.isArray()) {
            *error = QStringLiteral("messages must be an array");
            return false;
        }
        CallIdMatcher ids;
        QStringList system;
        const QJsonArray messageArray = messages.toArray();
        for (qsizetype i = 0; i < messageArray.size(); ++i) {
            const QString where = QStringLiteral("messages[%1]").arg(i);
            if (!isObjectWithTypes(messageArray[i], where,
                                   {{"role", String}, {"content", String}, {"images", Array}, {"tool_calls", Array}, {"tool_name", String},
                                    {"name", String}, {"tool_call_id", String}},
                                   error))
                return false;
            const QJsonObject m = messageArray[i].toObject();
            const QString role = m.value(QLatin1String("role")).toString();
            const QString content = m.value(QLatin1String("content")).toString();
            if (role == QLatin1String("system")) {
                system << content;
            } else if (role == QLatin1String("user")) {
                Message message{Role::User, {}};
                if (!content.isEmpty())
                    message.parts.push_back(Part::textPart(content));
                addImages(m.value(QLatin1String("images")), message);
                out.messages.push_back(std::move(message));
            } else if (role == QLatin1String("assistant")) {
                Message message{Role::Assistant, {}};
                if (!content.isEmpty())
                    message.parts.push_back(Part::textPart(content));
                for (const QJsonValue &c : m.value(QLatin1String("tool_calls")).toArray()) {
                    const QJsonObject function = c.toObject().value(QLatin1String("function")).toObject();
                    const QJsonValue arguments = function.value(QLatin1String("arguments"));
                    message.parts.push_back(ids.call(c.toObject().value(QLatin1String("id")).toString(), function.value(QLatin1String("name")).toString(),
                                                     arguments.isString() ? arguments.toString() : compactJson(arguments.toObject())));
                }
                out.messages.push_back(std::move(message));
            } else if (role == QLatin1String("tool")) {
                Part p;
                p.kind = Part::Kind::ToolResult;
                p.text = content;
                p.toolName = m.value(QLatin1String("tool_name")).toString(m.value(QLatin1String("name")).toString());
                p.toolCallId = ids.resultId(m.value(QLatin1String("tool_call_id")).toString(), p.toolName);
                if (p.toolName.isEmpty())
                    p.toolName = ids.nameOf(p.toolCallId);
                out.messages.push_back({Role::Tool, {std::move(p)}});
            } else {
                *error = QStringLiteral("unknown message role \"%1\"").arg(excerpt(role));
                return false;
            }
        }
        out.system = system.join(QStringLiteral("\n\n"));
    }
    out.tools = openai::readTools(body.value(QLatin1String("tools")).toArray()); // Ollama uses OpenAI's tool shape
    const QJsonObject options = body.value(QLatin1String("options")).toObject();
    if (!readParams(options, kOllamaParams, out.params, error, QStringLiteral("options.")))
        return false;
    out.extra = unknownFields(body, kKnownKeys);
    QJsonObject otherOptions; // num_ctx, mirostat, ...: Ollama's own
    for (auto it = options.begin(); it != options.end(); ++it) {
        if (!isParamName(kOllamaParams, it.key()))
            otherOptions.insert(it.key(), it.value());
    }
    if (!otherOptions.isEmpty())
        out.extra.insert(QStringLiteral("options"), otherOptions);
    const QJsonValue format = body.value(QLatin1String("format"));
    if (format.toString() == QLatin1String("json")) {
        out.responseFormat = QStringLiteral("json_object");
    } else if (format.isObject()) {
        out.responseFormat = QStringLiteral("json_schema");
        out.responseSchema = format.toObject();
    }
    out.stream = body.value(QLatin1String("stream")).toBool(true); // Ollama streams unless told not to
    out.keepAlive = body.value(QLatin1String("keep_alive"));
    if (!isKeepAlive(out.keepAlive)) {
        *error = QStringLiteral("keep_alive must be a number of seconds or a duration like \"5m\" or \"1h30m\" (negative: for ever)");
        return false;
    }
    return true;
}

OutboundRequest renderRequest(const Request &request, const OutboundTarget &target)
{
    QJsonArray messages;
    if (!request.system.isEmpty())
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")}, {QStringLiteral("content"), request.system}});
    for (const Message &m : request.messages) {
        QString text;
        QJsonArray images;
        QJsonArray calls;
        for (const Part &p : m.parts) {
            switch (p.kind) {
            case Part::Kind::Text: text += p.text; break;
            case Part::Kind::Image:
                if (!p.data.isEmpty())
                    images.append(QString::fromLatin1(p.data)); // Ollama takes inline images only
                break;
            case Part::Kind::ToolCall:
                calls.append(QJsonObject{{QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), p.call.name},
                                                                                  {QStringLiteral("arguments"), argumentsObject(p.call.arguments)}}}});
                break;
            case Part::Kind::ToolResult:
                messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("tool")},
                                            {QStringLiteral("content"), p.resultText()},
                                            {QStringLiteral("tool_name"), p.toolName}});
                break;
            case Part::Kind::Reasoning: // another protocol's reasoning
                break;
            }
        }
        if (text.isEmpty() && images.isEmpty() && calls.isEmpty())
            continue;
        QJsonObject message{{QStringLiteral("role"), m.role == Role::Assistant ? QStringLiteral("assistant") : QStringLiteral("user")},
                            {QStringLiteral("content"), text}};
        if (!images.isEmpty())
            message.insert(QStringLiteral("images"), images);
        if (!calls.isEmpty())
            message.insert(QStringLiteral("tool_calls"), calls);
        messages.append(message);
    }
    QJsonObject body = request.source == Protocol::Ollama ? request.extra : QJsonObject();
    QJsonObject options = body.value(QLatin1String("options")).toObject();
    for (auto it = request.backendParams.begin(); it != request.backendParams.end(); ++it)
        options.insert(it.key(), it.value()); // num_ctx and the like
    body.insert(QStringLiteral("model"), target.model);
    body.insert(QStringLiteral("messages"), messages);
    body.insert(QStringLiteral("stream"), request.stream);
    if (!request.tools.empty())
        body.insert(QStringLiteral("tools"), openai::toolsJson(request.tools));
    writeParams(request.params, kOllamaParams, options);
    if (!options.isEmpty())
        body.insert(QStringLiteral("options"), options);
    if (request.responseFormat == QLatin1String("json_schema") && !request.responseSchema.isEmpty())
        body.insert(QStringLiteral("format"), request.responseSchema);
    else if (!request.responseFormat.isEmpty())
        body.insert(QStringLiteral("format"), QStringLiteral("json"));
    if (!request.keepAlive.isUndefined() && !request.keepAlive.isNull())
        body.insert(QStringLiteral("keep_alive"), request.keepAlive);

    return bearerJsonPost(target, "/api/chat", body, {});
}

} // namespace sy::protocol::ollama
