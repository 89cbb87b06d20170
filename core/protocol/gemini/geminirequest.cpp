#include "protocol/gemini/geminicodec.h"

#include "protocol/fieldtypes.h"
#include "protocol/params.h"
#include "protocol/turns.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>
#include <cstring>

namespace sy::protocol::gemini {
namespace {

const QStringList kKnownKeys = {QStringLiteral("contents"), QStringLiteral("systemInstruction"), QStringLiteral("system_instruction"),
                                QStringLiteral("tools"), QStringLiteral("toolConfig"), QStringLiteral("tool_config"),
                                QStringLiteral("generationConfig"), QStringLiteral("generation_config"), QStringLiteral("model")};

// Google's JSON accepts camelCase and snake_case field names.
QJsonValue field(const QJsonObject &o, const char *camel, const char *snake)
{
    const QJsonValue v = o.value(QLatin1String(camel));
    return v.isUndefined() ? o.value(QLatin1String(snake)) : v;
}


QString partsText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QStringList texts;
    for (const QJsonValue &p : content.toObject().value(QLatin1String("parts")).toArray())
        texts << p.toObject().value(QLatin1String("text")).toString();
    return texts.join(QLatin1Char('\n'));
}

// A function's result as text: a lone {"result": "..."} (or "output") is that string.
QString resultText(const QJsonObject &response)
{
    if (response.size() == 1) {
        for (const char *key : {"result", "output", "content"}) {
            if (response.value(QLatin1String(key)).isString())
                return response.value(QLatin1String(key)).toString();
        }
    }
    return compactJson(response);
}

QJsonObject responseObject(const QString &text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    return doc.isObject() ? doc.object() : QJsonObject{{QStringLiteral("result"), text}};
}

const QStringList kSchemaKeys = {QStringLiteral("type"), QStringLiteral("format"), QStringLiteral("description"),
                                 QStringLiteral("nullable"), QStringLiteral("enum"), QStringLiteral("items"),
                                 QStringLiteral("properties"), QStringLiteral("required"), QStringLiteral("minItems"),
                                 QStringLiteral("maxItems"), QStringLiteral("minimum"), QStringLiteral("maximum"),
                                 QStringLiteral("anyOf"), QStringLiteral("title"), QStringLiteral("propertyOrdering"),
                                 QStringLiteral("minLength"), QStringLiteral("maxLength"), QStringLiteral("pattern"),
                                 QStringLiteral("default"), QStringLiteral("example")};

struct InlineBudget {
    const QJsonObject definitions;
    qint64 bytesLeft;
    QHash<QString, qint64> sizes; // of each definition, compact
    qint64 sizeOf(const QString &name)
    {
        auto it = sizes.find(name);
        if (it == sizes.end())
            it = sizes.insert(name, QJsonDocument(definitions.value(name).toObject()).toJson(QJsonDocument::Compact).size());
        return *it;
    }
};

// `schema` with its local references ("#/$defs/Name", "#/definitions/Name", as Pydantic
// writes them) replaced by what they name, and a lone allOf merged in: Gemini's schema has
// neither. A reference nested deeper than a few levels (a recursive type), or past a budget
// of bytes for the whole schema (one that names a large definition many times over would
// grow a thousandfold), becomes an object with no further description.
QJsonObject inlineReferences(const QJsonObject &schema, InlineBudget &budget, int depth = 0)
{
    constexpr int kMaxDepth = 8;
    QJsonObject out = schema;
    out.remove(QStringLiteral("$defs"));
    out.remove(QStringLiteral("definitions"));
    if (const QString ref = schema.value(QLatin1String("$ref")).toString(); !ref.isEmpty()) {
        out.remove(QStringLiteral("$ref"));
        const QString name = ref.section(QLatin1Char('/'), -1);
        const bool local = ref.startsWith(QLatin1String("#/$defs/")) || ref.startsWith(QLatin1String("#/definitions/"));
        bool inlined = local && depth < kMaxDepth && budget.definitions.contains(name) && budget.sizeOf(name) <= budget.bytesLeft;
        if (inlined)
            budget.bytesLeft -= budget.sizeOf(name);
        const QJsonObject target = inlined ? inlineReferences(budget.definitions.value(name).toObject(), budget, depth + 1)
                                           : QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}};
        addAbsentFields(out, target); // the referring schema's own description wins
    }
    if (const QJsonArray all = schema.value(QLatin1String("allOf")).toArray(); all.size() == 1) {
        out.remove(QStringLiteral("allOf"));
        addAbsentFields(out, inlineReferences(all.first().toObject(), budget, depth + 1));
    }
    if (QJsonObject props = out.value(QLatin1String("properties")).toObject(); !props.isEmpty()) {
        for (auto p = props.begin(); p != props.end(); ++p)
            p.value() = inlineReferences(p.value().toObject(), budget, depth);
        out.insert(QStringLiteral("properties"), props);
    }
    if (out.value(QLatin1String("items")).isObject())
        out.insert(QStringLiteral("items"), inlineReferences(out.value(QLatin1String("items")).toObject(), budget, depth));
    for (const char *key : {"anyOf", "oneOf"}) {
        if (!out.value(QLatin1String(key)).isArray())
            continue;
        QJsonArray options;
        for (const QJsonValue &o : out.value(QLatin1String(key)).toArray())
            options.append(inlineReferences(o.toObject(), budget, depth));
        out.insert(QLatin1String(key), options);
    }
    return out;
}

// Applies `typeCase` to every "type", recursing into properties, items and anyOf.
QJsonObject convertSchema(const QJsonObject &schema, bool toGemini)
{
    QJsonObject out;
    for (auto it = schema.begin(); it != schema.end(); ++it) {
        const QString &key = it.key();
        if (toGemini && !kSchemaKeys.contains(key))
            continue; // additionalProperties, $schema, ...: Gemini refuses them
        if (key == QLatin1String("type")) {
            QString type = it.value().isArray() ? it.value().toArray().first().toString() : it.value().toString();
            if (it.value().isArray() && it.value().toArray().contains(QStringLiteral("null")))
                out.insert(QStringLiteral("nullable"), true);
            out.insert(key, toGemini ? type.toUpper() : type.toLower());
        } else if (key == QLatin1String("properties")) {
            QJsonObject props;
            const QJsonObject in = it.value().toObject();
            for (auto p = in.begin(); p != in.end(); ++p)
                props.insert(p.key(), convertSchema(p.value().toObject(), toGemini));
            out.insert(key, props);
        } else if (key == QLatin1String("items")) {
            out.insert(key, convertSchema(it.value().toObject(), toGemini));
        } else if (key == QLatin1String("anyOf")) {
            QJsonArray options;
            for (const QJsonValue &o : it.value().toArray())
                options.append(convertSchema(o.toObject(), toGemini));
            out.insert(key, options);
        } else {
            out.insert(key, it.value());
        }
    }
    return out;
}

// An image URL's type by its name's ending (Gemini wants one for fileData); JPEG if unknown.
QString imageTypeOf(const QString &url)
{
    const QString path = QUrl(url).path().toLower();
    for (const auto &[suffix, type] : {std::pair{".png", "image/png"}, std::pair{".webp", "image/webp"}, std::pair{".gif", "image/gif"},
                                       std::pair{".heic", "image/heic"}, std::pair{".heif", "image/heif"}}) {
        if (path.endsWith(QLatin1String(suffix)))
            return QLatin1String(type);
    }
    return QStringLiteral("image/jpeg");
}

QJsonArray partsOf(const Message &m)
{
    QJsonArray parts;
    for (const Part &p : m.parts) {
        switch (p.kind) {
        case Part::Kind::Text:
            if (!p.text.isEmpty())
                parts.append(QJsonObject{{QStringLiteral("text"), p.text}});
            break;
        case Part::Kind::Image:
            if (!p.data.isEmpty())
                parts.append(QJsonObject{{QStringLiteral("inlineData"), QJsonObject{{QStringLiteral("mimeType"), p.mimeType},
                                                                                    {QStringLiteral("data"), QString::fromLatin1(p.data)}}}});
            else
                parts.append(QJsonObject{{QStringLiteral("fileData"), QJsonObject{{QStringLiteral("mimeType"), p.mimeType.isEmpty() ? imageTypeOf(p.url) : p.mimeType},
                                                                                  {QStringLiteral("fileUri"), p.url}}}});
            break;
        case Part::Kind::ToolCall:
            parts.append(QJsonObject{{QStringLiteral("functionCall"), QJsonObject{{QStringLiteral("id"), p.call.id},
                                                                                  {QStringLiteral("name"), p.call.name},
                                                                                  {QStringLiteral("args"), argumentsObject(p.call.arguments)}}}});
            break;
        case Part::Kind::ToolResult:
            parts.append(QJsonObject{{QStringLiteral("functionResponse"), QJsonObject{{QStringLiteral("id"), p.toolCallId},
                                                                                      {QStringLiteral("name"), p.toolName},
                                                                                      {QStringLiteral("response"), p.isError ? QJsonObject{{QStringLiteral("error"), p.text}}
                                                                                                                              : responseObject(p.text)}}}});
            break;
        case Part::Kind::Reasoning: // another protocol's reasoning
            break;
        }
    }
    return parts;
}

} // namespace

QJsonObject camelCaseKeys(const QJsonObject &o)
{
    QJsonObject out;
    for (auto it = o.begin(); it != o.end(); ++it) {
        QString key;
        bool upper = false;
        for (QChar c : it.key()) {
            if (c == QLatin1Char('_')) {
                upper = true;
                continue;
            }
            key += upper ? c.toUpper() : c;
            upper = false;
        }
        out.insert(key, it.value());
    }
    return out;
}

QJsonObject toGeminiSchema(const QJsonObject &schema)
{
    QJsonObject definitions = schema.value(QLatin1String("definitions")).toObject();
    const QJsonObject defs = schema.value(QLatin1String("$defs")).toObject();
    for (auto it = defs.begin(); it != defs.end(); ++it)
        definitions.insert(it.key(), it.value());
    // At most twice the schema's own size (16 KiB at least) written out from its references.
    const qint64 ownSize = definitions.isEmpty() ? 0 : QJsonDocument(schema).toJson(QJsonDocument::Compact).size();
    InlineBudget budget{definitions, std::max<qint64>(16 * 1024, 2 * ownSize), {}};
    return convertSchema(inlineReferences(schema, budget), true);
}

QJsonObject fromGeminiSchema(const QJsonObject &schema)
{
    return convertSchema(schema, false);
}

bool parseRequest(const QJsonObject &body, Flavor, Request &out, QString *error)
{
    out.source = Protocol::Gemini;
    const QJsonValue contents = body.value(QLatin1String("contents"));
    if (!contents.isArray() || contents.toArray().isEmpty()) {
        *error = QStringLiteral("contents must be a non-empty array");
        return false;
    }
    if (!fieldsHaveTypes(body, {{"systemInstruction", Object | String}, {"system_instruction", Object | String}, {"tools", Array},
                                {"toolConfig", Object}, {"tool_config", Object}, {"generationConfig", Object}, {"generation_config", Object}},
                         error))
        return false;
    out.system = partsText(field(body, "systemInstruction", "system_instruction"));
    CallIdMatcher ids;
    const QJsonArray contentArray = contents.toArray();
    for (qsizetype i = 0; i < contentArray.size(); ++i) {
        const QString where = QStringLiteral("contents[%1]").arg(i);
        if (!isObjectWithTypes(contentArray[i], where, {{"role", String}}, error))
            return false;
        const QJsonObject content = contentArray[i].toObject();
        if (!content.value(QLatin1String("parts")).isArray()) {
            *error = where + QStringLiteral(".parts must be an array");
            return false;
        }
        const QString role = content.value(QLatin1String("role")).toString(QStringLiteral("user"));
        Message message{role == QLatin1String("model") ? Role::Assistant : Role::User, {}};
        const QJsonArray parts = content.value(QLatin1String("parts")).toArray();
        for (qsizetype j = 0; j < parts.size(); ++j) {
            const QString partPath = where + QStringLiteral(".parts[%1]").arg(j);
            if (!isObjectWithTypes(parts[j], partPath, {{"text", String}, {"thought", Boolean}, {"inlineData", Object}, {"inline_data", Object},
                                                       {"fileData", Object}, {"file_data", Object}, {"functionCall", Object},
                                                       {"function_call", Object}, {"functionResponse", Object}, {"function_response", Object}},
                                   error))
                return false;
            const QJsonObject part = parts[j].toObject();
            if (part.value(QLatin1String("thought")).toBool())
                continue;
            if (part.contains(QLatin1String("text"))) {
                message.parts.push_back(Part::textPart(part.value(QLatin1String("text")).toString()));
            } else if (const QJsonObject inline_ = field(part, "inlineData", "inline_data").toObject(); !inline_.isEmpty()) {
                Part p;
                p.kind = Part::Kind::Image;
                p.mimeType = field(inline_, "mimeType", "mime_type").toString();
                p.data = inline_.value(QLatin1String("data")).toString().toLatin1();
                message.parts.push_back(std::move(p));
            } else if (const QJsonObject file = field(part, "fileData", "file_data").toObject(); !file.isEmpty()) {
                Part p;
                p.kind = Part::Kind::Image;
                p.mimeType = field(file, "mimeType", "mime_type").toString();
                p.url = field(file, "fileUri", "file_uri").toString();
                message.parts.push_back(std::move(p));
            } else if (const QJsonObject call = field(part, "functionCall", "function_call").toObject(); !call.isEmpty()) {
                message.parts.push_back(ids.call(call.value(QLatin1String("id")).toString(), call.value(QLatin1String("name")).toString(),
                                                 compactJson(call.value(QLatin1String("args")).toObject())));
            } else if (const QJsonObject response = field(part, "functionResponse", "function_response").toObject(); !response.isEmpty()) {
                Part p;
                p.kind = Part::Kind::ToolResult;
                p.toolName = response.value(QLatin1String("name")).toString();
                p.toolCallId = ids.resultId(response.value(QLatin1String("id")).toString(), p.toolName);
                p.text = resultText(response.value(QLatin1String("response")).toObject());
                message.parts.push_back(std::move(p));
            }
        }
        out.messages.push_back(std::move(message));
    }
    for (const QJsonValue &t : body.value(QLatin1String("tools")).toArray()) {
        for (const QJsonValue &d : field(t.toObject(), "functionDeclarations", "function_declarations").toArray()) {
            const QJsonObject decl = d.toObject();
            QJsonObject schema = field(decl, "parametersJsonSchema", "parameters_json_schema").toObject();
            if (schema.isEmpty())
                schema = fromGeminiSchema(decl.value(QLatin1String("parameters")).toObject());
            out.tools.push_back(ToolSpec::function(decl.value(QLatin1String("name")).toString(), decl.value(QLatin1String("description")).toString(), schema));
        }
    }
    const QJsonObject calling = field(field(body, "toolConfig", "tool_config").toObject(), "functionCallingConfig", "function_calling_config").toObject();
    const QString mode = calling.value(QLatin1String("mode")).toString();
    const QJsonArray allowed = field(calling, "allowedFunctionNames", "allowed_function_names").toArray();
    if (mode == QLatin1String("NONE"))
        out.toolChoice = ToolChoice::None;
    else if (mode == QLatin1String("ANY") && allowed.size() == 1) {
        out.toolChoice = ToolChoice::Named;
        out.toolChoiceName = allowed.first().toString();
    } else if (mode == QLatin1String("ANY"))
        out.toolChoice = ToolChoice::Required;

    const QJsonObject config = field(body, "generationConfig", "generation_config").toObject();
    if (!readParams(camelCaseKeys(config), kGeminiParams, out.params, error, QStringLiteral("generationConfig.")))
        return false;
    QJsonObject schema = field(config, "responseJsonSchema", "response_json_schema").toObject();
    if (schema.isEmpty())
        schema = fromGeminiSchema(field(config, "responseSchema", "response_schema").toObject());
    if (!schema.isEmpty()) {
        out.responseFormat = QStringLiteral("json_schema");
        out.responseSchema = schema;
    } else if (field(config, "responseMimeType", "response_mime_type").toString() == QLatin1String("application/json")) {
        out.responseFormat = QStringLiteral("json_object");
    }
    out.extra = unknownFields(body, kKnownKeys);
    return true;
}

OutboundRequest renderRequest(const Request &request, const OutboundTarget &target)
{
    // Gemini wants the turns alternating too.
    const QJsonArray contents = alternatingTurns(
        request.messages, QStringLiteral("parts"),
        [](const Message &m) { return m.role == Role::Assistant ? QStringLiteral("model") : QStringLiteral("user"); }, partsOf);
    QJsonObject body = request.source == Protocol::Gemini ? request.extra : QJsonObject();
    body.insert(QStringLiteral("contents"), contents);
    if (!request.system.isEmpty())
        body.insert(QStringLiteral("systemInstruction"), QJsonObject{{QStringLiteral("parts"), QJsonArray{QJsonObject{{QStringLiteral("text"), request.system}}}}});
    if (!request.tools.empty()) {
        QJsonArray declarations;
        for (const ToolSpec &t : request.tools) {
            QJsonObject decl{{QStringLiteral("name"), t.name}, {QStringLiteral("description"), t.description}};
            if (!t.parameters.value(QLatin1String("properties")).toObject().isEmpty())
                decl.insert(QStringLiteral("parameters"), toGeminiSchema(t.parameters));
            declarations.append(decl);
        }
        body.insert(QStringLiteral("tools"), QJsonArray{QJsonObject{{QStringLiteral("functionDeclarations"), declarations}}});
        QJsonObject calling;
        switch (request.toolChoice) {
        case ToolChoice::Auto: break;
        case ToolChoice::None: calling.insert(QStringLiteral("mode"), QStringLiteral("NONE")); break;
        case ToolChoice::Required: calling.insert(QStringLiteral("mode"), QStringLiteral("ANY")); break;
        case ToolChoice::Named:
            calling.insert(QStringLiteral("mode"), QStringLiteral("ANY"));
            calling.insert(QStringLiteral("allowedFunctionNames"), QJsonArray{request.toolChoiceName});
            break;
        }
        if (!calling.isEmpty())
            body.insert(QStringLiteral("toolConfig"), QJsonObject{{QStringLiteral("functionCallingConfig"), calling}});
    }
    QJsonObject config;
    writeParams(request.params, kGeminiParams, config);
    if (!request.responseFormat.isEmpty())
        config.insert(QStringLiteral("responseMimeType"), QStringLiteral("application/json"));
    if (!request.responseSchema.isEmpty())
        config.insert(QStringLiteral("responseSchema"), toGeminiSchema(request.responseSchema));
    if (!config.isEmpty())
        body.insert(QStringLiteral("generationConfig"), config);

    QByteArray base = target.basePath;
    for (const char *version : {"/v1beta", "/v1"}) {
        if (base.endsWith(version))
            base.chop(qsizetype(std::strlen(version)));
    }
    OutboundRequest out;
    out.path = base + "/v1beta/models/" + QUrl::toPercentEncoding(target.model, "-._~:") +
               (request.stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    out.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    out.headers.add(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    if (!target.apiKey.isEmpty())
        out.headers.add(QByteArrayLiteral("x-goog-api-key"), target.apiKey);
    return out;
}

} // namespace sy::protocol::gemini
