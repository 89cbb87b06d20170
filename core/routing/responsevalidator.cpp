#include "routing/responsevalidator.h"

#include "protocol/jsonschema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sy::routing {
namespace {

// The text a chat or completion response carries (first choice).
QString contentOf(const QJsonObject &response)
{
    const QJsonObject choice = response.value(QLatin1String("choices")).toArray().first().toObject();
    if (choice.contains(QLatin1String("message")))
        return choice.value(QLatin1String("message")).toObject().value(QLatin1String("content")).toString();
    return choice.value(QLatin1String("text")).toString();
}

bool hasToolCalls(const QJsonObject &response)
{
    return !response.value(QLatin1String("choices")).toArray().first().toObject().value(QLatin1String("message")).toObject()
                .value(QLatin1String("tool_calls")).toArray().isEmpty();
}

// Models often wrap JSON in a ```json fence; accept that.
QJsonDocument parseContent(QString content)
{
    content = content.trimmed();
    if (content.startsWith(QLatin1String("```"))) {
        content = content.mid(content.indexOf(QLatin1Char('\n')) + 1);
        if (content.endsWith(QLatin1String("```")))
            content.chop(3);
    }
    return QJsonDocument::fromJson(content.toUtf8());
}

} // namespace

ContentCheck contentValidator(const QByteArray &responseFormat, const QJsonObject &schema, const config::ValidatorConfig *roleValidator)
{
    const bool wantsJson = responseFormat == "json_object" || responseFormat == "json_schema";
    const QStringList required = roleValidator ? roleValidator->required : QStringList();
    if (!wantsJson && required.isEmpty())
        return {};
    return [schema, required](const QString &text) -> QString {
        const QJsonDocument content = parseContent(text);
        if (content.isNull())
            return QStringLiteral("the model's answer is not the JSON that was asked for");
        if (!schema.isEmpty()) {
            const QString error = protocol::validateJsonSchema(content.isObject() ? QJsonValue(content.object()) : QJsonValue(content.array()), schema);
            if (!error.isEmpty())
                return QStringLiteral("the model's answer does not match the response_format schema: %1").arg(error);
        }
        for (const QString &field : required) {
            if (!content.object().contains(field))
                return QStringLiteral("the model's answer lacks the field \"%1\" the role's validator requires").arg(field);
        }
        return {};
    };
}

ResponseCheck responseValidator(const QByteArray &requestBody, const protocol::openai::RequestScan &scan,
                                const config::ValidatorConfig *roleValidator)
{
    QJsonObject schema;
    if (scan.responseFormat == "json_schema") // rare: parse the request for its schema only then
        schema = QJsonDocument::fromJson(requestBody).object().value(QLatin1String("response_format")).toObject()
                     .value(QLatin1String("json_schema")).toObject().value(QLatin1String("schema")).toObject();
    const ContentCheck check = contentValidator(scan.responseFormat, schema, roleValidator);
    if (!check) {
        return [](const QByteArray &body) {
            return protocol::openai::isValidJson(body) ? QString() : QStringLiteral("the response is not valid JSON");
        };
    }
    return [check](const QByteArray &body) -> QString {
        const QJsonObject response = QJsonDocument::fromJson(body).object();
        if (response.isEmpty())
            return QStringLiteral("the response is not valid JSON");
        if (hasToolCalls(response))
            return {}; // a tool call has no content to check
        return check(contentOf(response));
    };
}

} // namespace sy::routing
