#include "protocol/openai/requestscan.h"

#include "protocol/prompttext.h"

#include <simdjson.h>

#include <algorithm>
#include <climits>
#include <vector>

namespace sy::protocol::openai {
namespace od = simdjson::ondemand;
using simdjson::error_code;

namespace {

// Nesting past this is refused: the walk recurses, and no real request comes close.
constexpr int kMaxDepth = 256;

QByteArray bytes(std::string_view s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

// The atom's own text, whitespace after it removed: simdjson's on-demand front-end checks
// "true" but not what follows it ("true(" passed), so atoms are compared whole here.
std::string_view atomText(od::value &value)
{
    std::string_view raw = value.raw_json_token();
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
        raw.remove_suffix(1);
    return raw;
}

// A boolean, strictly; INCORRECT_TYPE if it is something else.
error_code strictBool(od::value value, bool &out)
{
    const std::string_view raw = atomText(value);
    if (raw == "true" || raw == "false") {
        out = raw == "true";
        return simdjson::SUCCESS;
    }
    return raw.empty() || (raw.front() != 't' && raw.front() != 'f') ? simdjson::INCORRECT_TYPE : simdjson::T_ATOM_ERROR;
}

bool isStrictNull(od::value value)
{
    return atomText(value) == "null";
}

class Scanner {
public:
    Scanner(RequestScan &out, const char *base) : m_out(out), m_base(base) {}

    error_code top(od::object object);
    error_code validate(od::value value) { return any(value, false); }
    // The latest user turn with text (or a completion's prompt) as task detection reads it.
    QByteArray promptText() const;

private:
    error_code any(od::value value, bool countText, int depth = 2);
    error_code messages(od::value value);
    error_code message(od::object object);
    error_code contentParts(od::array parts);
    error_code text(od::value value, int depth = 2); // prompt / input: string or array
    error_code model(od::value value);

    void fail(QString message, QByteArray param = {})
    {
        if (m_out.error.isEmpty()) {
            m_out.error = std::move(message);
            m_out.errorParam = std::move(param);
        }
    }
    // Text of the message being read is kept (as views into the parser's buffers, valid
    // until the scan ends) until its role is known: "role" may come after "content".
    void keepText(std::string_view s)
    {
        m_out.textBytes += std::int64_t(s.size());
        m_turn.push_back(s);
    }

    RequestScan &m_out;
    const char *m_base;
    std::vector<std::string_view> m_turn;     // text parts of the message (or prompt) being read
    std::vector<std::string_view> m_lastUser; // those of the latest user message with text
    std::vector<std::string_view> m_prompt;   // completions' prompt, embeddings' input
};

error_code Scanner::any(od::value value, bool count, int depth)
{
    if (depth > kMaxDepth)
        return simdjson::DEPTH_ERROR;
    od::json_type type;
    if (auto e = value.type().get(type))
        return e;
    switch (type) {
    case od::json_type::object: {
        od::object object;
        if (auto e = value.get_object().get(object))
            return e;
        for (auto field : object) {
            std::string_view key;
            if (auto e = field.unescaped_key().get(key))
                return e;
            if (auto e = any(field.value(), count, depth + 1))
                return e;
        }
        return simdjson::SUCCESS;
    }
    case od::json_type::array: {
        od::array array;
        if (auto e = value.get_array().get(array))
            return e;
        for (auto element : array) {
            od::value v;
            if (auto e = element.get(v))
                return e;
            if (auto e = any(v, count, depth + 1))
                return e;
        }
        return simdjson::SUCCESS;
    }
    case od::json_type::string: {
        std::string_view s;
        if (auto e = value.get_string().get(s))
            return e;
        if (count)
            m_out.textBytes += std::int64_t(s.size());
        return simdjson::SUCCESS;
    }
    case od::json_type::number: {
        double d;
        return value.get_double().get(d);
    }
    case od::json_type::boolean: {
        bool b;
        return strictBool(value, b);
    }
    case od::json_type::null:
        return isStrictNull(value) ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
    return simdjson::INCORRECT_TYPE;
}

error_code Scanner::model(od::value value)
{
    std::string_view raw = value.raw_json_token();
    std::string_view name;
    if (value.get_string().get(name) != simdjson::SUCCESS) {
        fail(QStringLiteral("model must be a string"), "model");
        return simdjson::SUCCESS; // keep validating the rest
    }
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
        raw.remove_suffix(1);
    m_out.model = bytes(name);
    m_out.modelOffset = qsizetype(raw.data() - m_base);
    m_out.modelLength = qsizetype(raw.size());
    return simdjson::SUCCESS;
}

error_code Scanner::contentParts(od::array parts)
{
    int count = 0;
    for (auto element : parts) {
        m_out.maxPartsPerMessage = std::max(m_out.maxPartsPerMessage, ++count);
        od::object part;
        if (element.get_object().get(part) != simdjson::SUCCESS) {
            fail(QStringLiteral("each content part must be an object"), "messages");
            return simdjson::SUCCESS;
        }
        for (auto field : part) {
            std::string_view key;
            if (auto e = field.unescaped_key().get(key))
                return e;
            if (key == "type") {
                std::string_view type;
                if (auto e = field.value().get_string().get(type))
                    return e;
                if (type == "image_url" || type == "image" || type == "input_image")
                    m_out.hasImages = true;
            } else if (key == "text") {
                std::string_view s;
                od::value v = field.value();
                if (v.get_string().get(s) == simdjson::SUCCESS)
                    keepText(s);
                else if (auto e = any(v, false))
                    return e;
            } else if (key == "image_url") {
                m_out.hasImages = true;
                if (auto e = any(field.value(), false))
                    return e;
            } else if (auto e = any(field.value(), true)) {
                return e;
            }
        }
    }
    return simdjson::SUCCESS;
}

error_code Scanner::message(od::object object)
{
    // Keys may come in any order (clients that sort keys send "content" before "role"),
    // so the text is kept until the message ends and then taken if it was the user's.
    bool fromUser = false;
    m_turn.clear();
    for (auto field : object) {
        std::string_view key;
        if (auto e = field.unescaped_key().get(key))
            return e;
        od::value value = field.value();
        if (key == "role") {
            std::string_view role;
            if (value.get_string().get(role) != simdjson::SUCCESS) {
                fail(QStringLiteral("messages[].role must be a string"), "messages");
                continue;
            }
            fromUser = role == "user";
        } else if (key == "content") {
            od::json_type type;
            if (auto e = value.type().get(type))
                return e;
            if (type == od::json_type::string) {
                std::string_view s;
                if (auto e = value.get_string().get(s))
                    return e;
                keepText(s);
            } else if (type == od::json_type::array) {
                od::array parts;
                if (auto e = value.get_array().get(parts))
                    return e;
                if (auto e = contentParts(parts))
                    return e;
            } else if (auto e = any(value, false)) {
                return e;
            }
        } else if (auto e = any(value, true)) {
            return e;
        }
    }
    const bool hasText = std::any_of(m_turn.begin(), m_turn.end(), [](std::string_view s) { return !s.empty(); });
    if (fromUser && hasText)
        std::swap(m_lastUser, m_turn);
    return simdjson::SUCCESS;
}

error_code Scanner::messages(od::value value)
{
    od::array array;
    if (value.get_array().get(array) != simdjson::SUCCESS) {
        fail(QStringLiteral("messages must be an array"), "messages");
        return any(value, false);
    }
    std::size_t count = 0;
    for (auto element : array) {
        ++count;
        od::object object;
        if (element.get_object().get(object) != simdjson::SUCCESS) {
            fail(QStringLiteral("each message must be an object"), "messages");
            od::value v;
            if (auto e = element.get(v))
                return e;
            if (auto e = any(v, false))
                return e;
            continue;
        }
        if (auto e = message(object))
            return e;
    }
    m_out.messageCount = int(std::min<std::size_t>(count, INT_MAX));
    if (count == 0)
        fail(QStringLiteral("messages must not be empty"), "messages");
    return simdjson::SUCCESS;
}

error_code Scanner::text(od::value value, int depth)
{
    if (depth > kMaxDepth)
        return simdjson::DEPTH_ERROR;
    od::json_type type;
    if (auto e = value.type().get(type))
        return e;
    if (type == od::json_type::string) {
        std::string_view s;
        if (auto e = value.get_string().get(s))
            return e;
        m_out.textBytes += std::int64_t(s.size());
        m_prompt.push_back(s);
        return simdjson::SUCCESS;
    }
    if (type == od::json_type::array) {
        od::array array;
        if (auto e = value.get_array().get(array))
            return e;
        for (auto element : array) {
            od::value v;
            if (auto e = element.get(v))
                return e;
            if (auto e = text(v, depth + 1))
                return e;
        }
        return simdjson::SUCCESS;
    }
    return any(value, false, depth); // token ids
}

error_code Scanner::top(od::object object)
{
    m_out.keys.reserve(64); // room for a usual request's keys at once, not grown key by key
    for (auto field : object) {
        std::string_view key;
        if (auto e = field.unescaped_key().get(key))
            return e;
        m_out.keys.append(key.data(), qsizetype(key.size()));
        m_out.keys.append('\0');
        od::value value = field.value();
        if (key == "model") {
            if (auto e = model(value))
                return e;
        } else if (key == "stream") {
            if (isStrictNull(value))
                continue; // null means the default
            if (const error_code e = strictBool(value, m_out.stream)) {
                if (e != simdjson::INCORRECT_TYPE)
                    return e; // not JSON at all
                fail(QStringLiteral("stream must be a boolean"), "stream");
                if (auto skipped = any(value, false))
                    return skipped;
            }
        } else if (key == "messages") {
            m_out.hasMessages = true;
            if (auto e = messages(value))
                return e;
        } else if (key == "prompt") {
            m_out.hasPrompt = true;
            if (auto e = text(value))
                return e;
        } else if (key == "input") {
            m_out.hasInput = true;
            if (auto e = text(value))
                return e;
        } else if (key == "tools" || key == "functions") {
            od::array tools;
            if (value.get_array().get(tools) != simdjson::SUCCESS) {
                fail(QStringLiteral("%1 must be an array").arg(QLatin1String(key.data(), qsizetype(key.size()))),
                     bytes(key));
                continue;
            }
            for (auto tool : tools) {
                m_out.hasTools = true;
                ++m_out.toolCount;
                od::value v;
                if (auto e = tool.get(v))
                    return e;
                if (auto e = any(v, true))
                    return e;
            }
        } else if (key == "response_format" || key == "stream_options") {
            od::object options;
            if (value.get_object().get(options) != simdjson::SUCCESS) {
                fail(QStringLiteral("%1 must be an object").arg(QLatin1String(key.data(), qsizetype(key.size()))),
                     bytes(key));
                continue;
            }
            const bool isFormat = key == "response_format";
            for (auto option : options) {
                std::string_view name;
                if (auto e = option.unescaped_key().get(name))
                    return e;
                if (isFormat && name == "type") {
                    std::string_view type;
                    od::value v = option.value();
                    if (v.get_string().get(type) == simdjson::SUCCESS)
                        m_out.responseFormat = bytes(type);
                    else if (auto e = any(v, false))
                        return e;
                } else if (!isFormat && name == "include_usage") {
                    bool include = false;
                    od::value v = option.value();
                    const error_code e = strictBool(v, include);
                    if (e == simdjson::SUCCESS)
                        m_out.includeUsage = include;
                    else if (e != simdjson::INCORRECT_TYPE)
                        return e;
                    else if (auto skipped = any(v, false))
                        return skipped;
                } else if (auto e = any(option.value(), false)) {
                    return e;
                }
            }
        } else if (auto e = any(value, false)) {
            return e;
        }
    }
    return simdjson::SUCCESS;
}

QByteArray Scanner::promptText() const
{
    const std::vector<std::string_view> &parts = m_lastUser.empty() ? m_prompt : m_lastUser;
    std::vector<QByteArrayView> views;
    views.reserve(parts.size());
    for (std::string_view s : parts)
        views.emplace_back(s.data(), qsizetype(s.size()));
    return promptExcerpt(views);
}

} // namespace

bool RequestScan::hasKey(QByteArrayView key) const
{
    qsizetype from = 0;
    while (from < keys.size()) {
        const qsizetype end = keys.indexOf('\0', from);
        if (QByteArrayView(keys.constData() + from, end - from) == key)
            return true;
        from = end + 1;
    }
    return false;
}

namespace {

// A view of `json` with simdjson's padding, copying only when the capacity lacks it.
simdjson::padded_string_view paddedView(const QByteArray &json, QByteArray &copy)
{
    if (json.capacity() - json.size() >= qsizetype(simdjson::SIMDJSON_PADDING))
        return simdjson::padded_string_view(json.constData(), std::size_t(json.size()), std::size_t(json.capacity()));
    copy = json;
    copy.reserve(json.size() + qsizetype(simdjson::SIMDJSON_PADDING));
    return simdjson::padded_string_view(copy.constData(), std::size_t(copy.size()), std::size_t(copy.capacity()));
}

} // namespace

QByteArray padForScan(QByteArray json)
{
    json.reserve(json.size() + qsizetype(simdjson::SIMDJSON_PADDING));
    return json;
}

bool isValidJson(const QByteArray &json)
{
    thread_local od::parser parser;
    QByteArray copy;
    od::document doc;
    if (parser.iterate(paddedView(json, copy)).get(doc))
        return false;
    RequestScan ignored;
    Scanner scanner(ignored, json.constData());
    od::value root;
    if (doc.get_value().get(root))
        return false;
    return !scanner.validate(root) && doc.current_location().error() != simdjson::SUCCESS;
}

bool readUsage(const QByteArray &json, qint64 *promptTokens, qint64 *completionTokens)
{
    thread_local od::parser parser;
    QByteArray copy;
    od::document doc;
    od::object usage;
    if (parser.iterate(paddedView(json, copy)).get(doc) || doc.find_field_unordered("usage").get_object().get(usage))
        return false;
    int64_t in = -1, out = -1;
    for (auto field : usage) {
        std::string_view key;
        if (field.unescaped_key().get(key))
            return false;
        // OpenAI: prompt/completion; Anthropic-style input/output are accepted too.
        error_code e = simdjson::SUCCESS;
        if (key == "prompt_tokens" || key == "input_tokens")
            e = field.value().get_int64().get(in);
        else if (key == "completion_tokens" || key == "output_tokens")
            e = field.value().get_int64().get(out);
        if (e)
            return false;
    }
    *promptTokens = in;
    *completionTokens = out;
    return in >= 0 || out >= 0;
}

RequestScan scanRequest(const QByteArray &body, Endpoint endpoint)
{
    RequestScan out;
    // One parser per thread; a very large body gets its own so the buffers do not linger.
    thread_local od::parser sharedParser;
    constexpr qsizetype kSharedParserMax = 4 * 1024 * 1024;
    std::unique_ptr<od::parser> ownParser;
    od::parser *parser = &sharedParser;
    if (body.size() > kSharedParserMax) {
        ownParser = std::make_unique<od::parser>();
        parser = ownParser.get();
    }

    if (body.capacity() - body.size() < qsizetype(simdjson::SIMDJSON_PADDING)) {
        out.error = QStringLiteral("internal error: request body without padding");
        return out;
    }
    const simdjson::padded_string_view view(body.constData(), std::size_t(body.size()), std::size_t(body.capacity()));
    od::document doc;
    error_code e = parser->iterate(view).get(doc);
    od::object object;
    if (!e) {
        e = doc.get_object().get(object);
        if (e == simdjson::INCORRECT_TYPE) {
            out.error = QStringLiteral("the request body must be a JSON object");
            return out;
        }
    }
    if (!e) {
        const char *open = body.constData();
        while (open < body.constData() + body.size() && *open != '{')
            ++open;
        out.objectOpen = qsizetype(open - body.constData());
        Scanner scanner(out, body.constData());
        e = scanner.top(object);
        if (!e)
            out.lastUserText = scanner.promptText();
    }
    // current_location() succeeds only while something is left after the object.
    if (!e && doc.current_location().error() == simdjson::SUCCESS)
        e = simdjson::TRAILING_CONTENT;
    if (e) {
        out.error = QStringLiteral("the request body is not valid JSON: %1").arg(QLatin1String(simdjson::error_message(e)));
        out.errorParam.clear();
        return out;
    }
    if (!out.error.isEmpty())
        return out;
    if (out.model.isEmpty() && out.modelOffset < 0) {
        out.error = QStringLiteral("you must provide a model parameter");
        out.errorParam = "model";
        return out;
    }
    switch (endpoint) {
    case Endpoint::ChatCompletions:
        if (!out.hasMessages) {
            out.error = QStringLiteral("messages is required");
            out.errorParam = "messages";
            return out;
        }
        break;
    case Endpoint::Completions:
        if (!out.hasPrompt) {
            out.error = QStringLiteral("prompt is required");
            out.errorParam = "prompt";
            return out;
        }
        break;
    case Endpoint::Embeddings:
        if (!out.hasInput) {
            out.error = QStringLiteral("input is required");
            out.errorParam = "input";
            return out;
        }
        break;
    }
    out.ok = true;
    return out;
}

} // namespace sy::protocol::openai
