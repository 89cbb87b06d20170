#include "protocol/openai/requestscan.h"

#include "protocol/prompttext.h"

#include <QList>
#include <simdjson.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <span>
#include <vector>

namespace sy::protocol::openai {
namespace dom = simdjson::dom;
namespace od = simdjson::ondemand;
using simdjson::error_code;

namespace {

// Nesting past this is refused (simdjson's own limit is 1024); no real request comes close.
constexpr std::size_t kMaxDepth = 256;
// Bodies up to this size share one parser per thread; a larger one gets its own, so its
// buffers (about 14 bytes per byte of body) do not linger.
constexpr std::size_t kSharedParserMax = 1024 * 1024;

QByteArray bytes(std::string_view s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

// The generation parameters that are numbers: checked here because a backend of another
// protocol gets them converted, and the conversion can only drop a value it cannot read.
bool isNumericParameter(std::string_view key)
{
    for (std::string_view name : {"temperature", "top_p", "top_k", "max_tokens", "max_completion_tokens", "seed", "presence_penalty",
                                  "frequency_penalty"}) {
        if (key == name)
            return true;
    }
    return false;
}

// The document is parsed (and so validated whole) by simdjson's DOM parser: its second
// stage walks the document in one tight loop, faster than walking it value by value with
// the on-demand API (the 40 KB agent request: ~14 us against ~19). What routing needs is
// then read from the parsed tree.
class Scanner {
public:
    Scanner(RequestScan &out, Endpoint endpoint) : m_out(out), m_endpoint(endpoint) {}

    void top(dom::object object);
    // The latest user turn with text (or a completion's prompt) as task detection reads it.
    QByteArray promptText() const;
    // Which of the top-level keys (in document order) is the last "model"; -1 if none.
    int modelKeyIndex() const { return m_modelKey; }

private:
    void messages(dom::element value);
    void message(dom::object object);
    void contentParts(dom::array parts);
    void text(dom::element value);
    void countText(dom::element value);
    void rerankDocuments(dom::element value);
    void stopSequences(dom::element value);

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
    const Endpoint m_endpoint;
    int m_modelKey = -1;
    std::vector<std::string_view> m_turn;     // text parts of the message (or prompt) being read
    std::vector<std::string_view> m_lastUser; // those of the latest user message with text
    std::vector<std::string_view> m_prompt;   // completions' prompt, embeddings' input
};

// The size of every string value in `value` (not keys), for the token estimate.
void Scanner::countText(dom::element value)
{
    switch (value.type()) {
    case dom::element_type::OBJECT:
        for (dom::key_value_pair field : dom::object(value))
            countText(field.value);
        break;
    case dom::element_type::ARRAY:
        for (dom::element element : dom::array(value))
            countText(element);
        break;
    case dom::element_type::STRING:
        m_out.textBytes += std::int64_t(std::string_view(value).size());
        break;
    default:
        break;
    }
}

// A reranker scores the query with each document by itself: what must fit its context is
// the query and the longest document, not all of them together.
void Scanner::rerankDocuments(dom::element value)
{
    if (!value.is_array() || dom::array(value).size() == 0)
        return;
    std::int64_t longest = 0;
    for (dom::element document : dom::array(value)) {
        if (!document.is_string() && !document.is_object())
            return;
        const std::int64_t before = m_out.textBytes;
        countText(document);
        longest = std::max(longest, m_out.textBytes - before);
        m_out.textBytes = before;
    }
    m_out.textBytes += longest;
    m_out.hasDocuments = true;
}

void Scanner::contentParts(dom::array parts)
{
    int count = 0;
    for (dom::element element : parts) {
        m_out.maxPartsPerMessage = std::max(m_out.maxPartsPerMessage, ++count);
        if (!element.is_object()) {
            fail(QStringLiteral("each content part must be an object"), "messages");
            return;
        }
        for (dom::key_value_pair field : dom::object(element)) {
            if (field.key == "type") {
                std::string_view type;
                if (field.value.get_string().get(type) == simdjson::SUCCESS &&
                    (type == "image_url" || type == "image" || type == "input_image"))
                    m_out.hasImages = true;
            } else if (field.key == "text") {
                if (field.value.is_string())
                    keepText(std::string_view(field.value));
            } else if (field.key == "image_url") {
                m_out.hasImages = true;
            } else {
                countText(field.value);
            }
        }
    }
}

void Scanner::message(dom::object object)
{
    // Keys may come in any order (clients that sort keys send "content" before "role"),
    // so the text is kept until the message ends and then taken if it was the user's.
    bool fromUser = false;
    m_turn.clear();
    for (dom::key_value_pair field : object) {
        if (field.key == "role") {
            std::string_view role;
            if (field.value.get_string().get(role) != simdjson::SUCCESS) {
                fail(QStringLiteral("messages[].role must be a string"), "messages");
                continue;
            }
            fromUser = role == "user";
        } else if (field.key == "content") {
            if (field.value.is_string())
                keepText(std::string_view(field.value));
            else if (field.value.is_array())
                contentParts(dom::array(field.value));
        } else {
            countText(field.value);
        }
    }
    const bool hasText = std::any_of(m_turn.begin(), m_turn.end(), [](std::string_view s) { return !s.empty(); });
    if (fromUser && hasText)
        std::swap(m_lastUser, m_turn);
}

void Scanner::messages(dom::element value)
{
    if (!value.is_array()) {
        fail(QStringLiteral("messages must be an array"), "messages");
        return;
    }
    std::size_t count = 0;
    for (dom::element element : dom::array(value)) {
        ++count;
        if (!element.is_object())
            fail(QStringLiteral("each message must be an object"), "messages");
        else
            message(dom::object(element));
    }
    m_out.messageCount = int(std::min<std::size_t>(count, INT_MAX));
    if (count == 0)
        fail(QStringLiteral("messages must not be empty"), "messages");
}

void Scanner::text(dom::element value)
{
    if (value.is_string()) {
        const std::string_view s(value);
        m_out.textBytes += std::int64_t(s.size());
        m_prompt.push_back(s);
    } else if (value.is_array()) {
        for (dom::element element : dom::array(value))
            text(element);
    } // else token ids
}

void Scanner::stopSequences(dom::element value)
{
    if (value.is_null() || value.is_string())
        return;
    if (value.is_array()) {
        for (dom::element element : dom::array(value)) {
            if (!element.is_string())
                return fail(QStringLiteral("stop must hold strings only"), "stop");
        }
        return;
    }
    fail(QStringLiteral("stop must be a string or an array"), "stop");
}

void Scanner::top(dom::object object)
{
    m_out.keys.reserve(64); // room for a usual request's keys at once, not grown key by key
    int index = -1;
    // A key read here that comes twice would be read one way and forwarded another (a
    // backend may keep the first where this reads the last, e.g. a model a client key may
    // not use): refused. One bit per key read below.
    unsigned seen = 0;
    const auto firstTime = [this, &seen](std::string_view key, unsigned bit) {
        if (seen & bit) {
            fail(QStringLiteral("\"%1\" is given more than once").arg(QLatin1String(key.data(), qsizetype(key.size()))),
                 bytes(key));
            return false;
        }
        seen |= bit;
        return true;
    };
    for (dom::key_value_pair field : object) {
        ++index;
        const std::string_view key = field.key;
        m_out.keys.append(key.data(), qsizetype(key.size()));
        m_out.keys.append('\0');
        const dom::element value = field.value;
        if (key == "model") {
            if (!firstTime(key, 1u << 0))
                continue;
            m_modelKey = index;
            std::string_view name;
            if (value.get_string().get(name) != simdjson::SUCCESS) {
                fail(QStringLiteral("model must be a string"), "model");
                m_out.model.clear();
                continue;
            }
            m_out.model = bytes(name);
        } else if (key == "stream") {
            if (!firstTime(key, 1u << 1))
                continue;
            if (value.is_null())
                continue; // null means the default
            if (!value.is_bool())
                fail(QStringLiteral("stream must be a boolean"), "stream");
            else
                m_out.stream = bool(value);
        } else if (key == "messages") {
            if (!firstTime(key, 1u << 2))
                continue;
            m_out.hasMessages = true;
            messages(value);
        } else if (key == "prompt") {
            if (!firstTime(key, 1u << 3))
                continue;
            m_out.hasPrompt = true;
            text(value);
        } else if (key == "input") {
            if (!firstTime(key, 1u << 4))
                continue;
            m_out.hasInput = true;
            text(value);
        } else if (m_endpoint == Endpoint::Rerank && key == "query") { // other endpoints pass these through unread
            if (!firstTime(key, 1u << 9))
                continue;
            m_out.hasQuery = value.is_string();
            countText(value);
        } else if (m_endpoint == Endpoint::Rerank && key == "documents") {
            if (!firstTime(key, 1u << 10))
                continue;
            rerankDocuments(value);
        } else if (key == "tools" || key == "functions") {
            if (!firstTime(key, key == "tools" ? 1u << 5 : 1u << 6))
                continue;
            if (!value.is_array()) {
                fail(QStringLiteral("%1 must be an array").arg(QLatin1String(key.data(), qsizetype(key.size()))), bytes(key));
                continue;
            }
            for (dom::element tool : dom::array(value)) {
                m_out.hasTools = true;
                ++m_out.toolCount;
                countText(tool);
            }
        } else if (isNumericParameter(key)) {
            if (!value.is_null() && !value.is_number())
                fail(QStringLiteral("%1 must be a number").arg(QLatin1String(key.data(), qsizetype(key.size()))), bytes(key));
        } else if (key == "stop") {
            stopSequences(value);
        } else if (key == "response_format" || key == "stream_options") {
            if (!firstTime(key, key == "response_format" ? 1u << 7 : 1u << 8))
                continue;
            if (!value.is_object()) {
                fail(QStringLiteral("%1 must be an object").arg(QLatin1String(key.data(), qsizetype(key.size()))), bytes(key));
                continue;
            }
            for (dom::key_value_pair option : dom::object(value)) {
                if (key == "response_format" && option.key == "type" && option.value.is_string())
                    m_out.responseFormat = bytes(std::string_view(option.value));
                else if (key == "stream_options" && option.key == "include_usage" && option.value.is_bool())
                    m_out.includeUsage = bool(option.value);
            }
        }
    }
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

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// The first stage's index of structural characters of the last parse (every bracket,
// colon, comma and the start of every string and atom), as byte offsets into what was
// parsed; simdjson keeps it in the parser's implementation.
std::span<const std::uint32_t> structuralIndex(const dom::parser &parser)
{
    return {parser.implementation->structural_indexes.get(), parser.implementation->n_structural_indexes};
}

// The top-level object's fields, from the parser's structural index (which skips what is
// inside strings; the DOM keeps no source offsets): `fn(key, from, valueFrom, to)` for each
// in order, with the places of its key's opening quote, its value's first byte and the ','
// or '}' that ends it; stops when `fn` returns false.
template<typename Fn>
void forEachTopLevelField(std::span<const std::uint32_t> index, const char *text, Fn fn)
{
    int depth = 0;
    int key = -1;
    bool inField = false;
    std::uint32_t from = 0;
    std::uint32_t valueFrom = 0;
    for (std::size_t i = 0; i < index.size(); ++i) {
        const char c = text[index[i]];
        if (depth == 1 && inField && (c == ',' || c == '}')) {
            inField = false;
            if (!fn(key, from, valueFrom, index[i]))
                return;
        }
        if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ':' && depth == 1 && i > 0 && i + 1 < index.size()) {
            ++key;
            from = index[i - 1];
            valueFrom = index[i + 1];
            inField = true;
        }
    }
}

std::uint32_t trimmedEnd(const char *text, std::uint32_t from, std::uint32_t to)
{
    while (to > from && isJsonSpace(text[to - 1]))
        --to;
    return to;
}

// Where the `keyIndex`-th key of the top-level object has its value: a byte range in
// `body`, whitespace after it trimmed.
bool locateTopLevelValue(const dom::parser &parser, const QByteArray &body, int keyIndex, qsizetype *offset,
                         qsizetype *length)
{
    const char *text = body.constData();
    bool found = false;
    forEachTopLevelField(structuralIndex(parser), text, [&](int key, std::uint32_t, std::uint32_t valueFrom, std::uint32_t to) {
        if (key != keyIndex)
            return true;
        const std::uint32_t end = trimmedEnd(text, valueFrom, to);
        // The value is a string: anything else means the index is not of these bytes (a
        // simdjson that skips a byte-order mark, say); refused, never spliced wrong.
        found = end - valueFrom >= 2 && text[valueFrom] == '"' && text[end - 1] == '"';
        if (found) {
            *offset = qsizetype(valueFrom);
            *length = qsizetype(end - valueFrom);
        }
        return false;
    });
    return found;
}

// simdjson's DOM parser refuses integers beyond 64 bits (NUMBER_ERROR), which JSON allows
// (a "seed" of 30 digits, say). Nothing the scan reads is a number, so after that error
// such integers are replaced in `copy` by a 0 and spaces, which keeps every byte's place;
// false if there is none (the error was another).
bool withoutHugeIntegers(const dom::parser &parser, const char *data, std::size_t size, QByteArray &copy)
{
    const std::span<const std::uint32_t> index = structuralIndex(parser);
    const std::size_t count = index.size();
    bool replaced = false;
    for (std::size_t i = 0; i < count; ++i) {
        const char *token = data + index[i];
        const char *end = data + (i + 1 < count ? index[i + 1] : size);
        const char *digits = token + (*token == '-' ? 1 : 0);
        const char *p = digits;
        while (p < end && *p >= '0' && *p <= '9')
            ++p;
        if (p - digits < 19 || *digits == '0') // 18 digits always fit in 64 bits; a leading 0 stays an error
            continue;
        const char *after = p;
        while (after < end && isJsonSpace(*after))
            ++after;
        if (after != end)
            continue; // a fraction or exponent: parsed as a double, not refused for its size
        if (!replaced) {
            copy = QByteArray(data, qsizetype(size));
            copy.reserve(qsizetype(size + simdjson::SIMDJSON_PADDING));
            replaced = true;
        }
        char *out = copy.data() + (token - data);
        out[0] = '0';
        std::memset(out + 1, ' ', std::size_t(p - token - 1));
    }
    return replaced;
}

// Parses `size` bytes at `data` (padded), also with integers beyond 64 bits (`copy` then
// holds what was parsed).
error_code parseDocument(dom::parser &parser, const char *data, std::size_t size, QByteArray &copy, dom::element &root)
{
    error_code e = parser.parse(data, size, false).get(root);
    if (e == simdjson::NUMBER_ERROR && withoutHugeIntegers(parser, data, size, copy))
        e = parser.parse(copy.constData(), size, false).get(root);
    return e;
}

// The thread's parser for a body of `size` bytes, or `own` (allocated here) for a large one;
// nullptr if the memory for it could not be had.
dom::parser *parserFor(std::size_t size, std::unique_ptr<dom::parser> &own)
{
    static thread_local dom::parser shared;
    dom::parser *parser = &shared;
    if (size > kSharedParserMax) {
        own = std::make_unique<dom::parser>();
        parser = own.get();
    }
    // A new parser has simdjson's depth limit; ours is set with its first buffers.
    if (parser->max_depth() != kMaxDepth &&
        parser->allocate(std::max<std::size_t>(size, 64 * 1024), kMaxDepth) != simdjson::SUCCESS)
        return nullptr;
    return parser;
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

// `json` parsed whole with the DOM parser (its padding arranged here): the root, and the
// parser for its structural index; not ok() when it is not valid JSON.
class WholeDocument {
public:
    explicit WholeDocument(const QByteArray &json)
    {
        const simdjson::padded_string_view view = paddedView(json, m_copy);
        m_parser = parserFor(view.size(), m_own);
        m_ok = m_parser && !parseDocument(*m_parser, view.data(), view.size(), m_withoutHuge, m_root);
    }
    bool ok() const { return m_ok; }
    const dom::parser &parser() const { return *m_parser; }
    dom::element root() const { return m_root; }

private:
    QByteArray m_copy;
    QByteArray m_withoutHuge;
    std::unique_ptr<dom::parser> m_own;
    dom::parser *m_parser = nullptr;
    dom::element m_root;
    bool m_ok = false;
};

} // namespace

QByteArray padForScan(QByteArray json)
{
    json.reserve(json.size() + qsizetype(simdjson::SIMDJSON_PADDING));
    return json;
}

QByteArray withoutTopLevelFields(const QByteArray &body, const QList<QByteArray> &names)
{
    const WholeDocument doc(body);
    if (!doc.ok() || !doc.root().is_object())
        return body;
    std::vector<bool> drop; // per top-level field, in order (the DOM has the keys unescaped)
    for (const dom::key_value_pair field : dom::object(doc.root()))
        drop.push_back(names.contains(QByteArrayView(field.key.data(), qsizetype(field.key.size()))));
    if (std::none_of(drop.begin(), drop.end(), [](bool d) { return d; }))
        return body;
    // Each field's bytes: from its key to the end of its value.
    struct Span {
        std::uint32_t from = 0;
        std::uint32_t to = 0;
    };
    std::vector<Span> fields;
    const char *text = body.constData();
    bool keysWhereExpected = true;
    forEachTopLevelField(structuralIndex(doc.parser()), text, [&](int, std::uint32_t from, std::uint32_t valueFrom, std::uint32_t to) {
        keysWhereExpected = keysWhereExpected && text[from] == '"';
        fields.push_back({from, trimmedEnd(text, valueFrom, to)});
        return true;
    });
    if (!keysWhereExpected || fields.size() != drop.size() || fields.empty())
        return body; // not the bytes that were parsed (never expected): left as sent
    // The kept fields, each joined to the one before by the separator that stood before it.
    QByteArray out;
    out.reserve(body.size() + qsizetype(simdjson::SIMDJSON_PADDING));
    out.append(text, fields.front().from); // '{' and the space before the first key
    bool first = true;
    for (std::size_t k = 0; k < fields.size(); ++k) {
        if (drop[k])
            continue;
        if (!first)
            out.append(text + fields[k - 1].to, qsizetype(fields[k].from - fields[k - 1].to));
        out.append(text + fields[k].from, qsizetype(fields[k].to - fields[k].from));
        first = false;
    }
    out.append(text + fields.back().to, body.size() - qsizetype(fields.back().to)); // the closing '}' on
    return padForScan(std::move(out));
}

bool isValidJson(const QByteArray &json)
{
    const WholeDocument doc(json);
    return doc.ok() && (doc.root().is_object() || doc.root().is_array());
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
    if (body.capacity() - body.size() < qsizetype(simdjson::SIMDJSON_PADDING)) {
        out.error = QStringLiteral("internal error: request body without padding");
        return out;
    }
    std::unique_ptr<dom::parser> own;
    dom::parser *parser = parserFor(std::size_t(body.size()), own);
    if (!parser) {
        out.error = QStringLiteral("the request body is too large to read");
        return out;
    }
    dom::element root;
    QByteArray withoutHuge; // parsed instead of `body` if it has integers beyond 64 bits
    if (const error_code e = parseDocument(*parser, body.constData(), std::size_t(body.size()), withoutHuge, root)) {
        out.error = QStringLiteral("the request body is not valid JSON: %1").arg(QLatin1String(simdjson::error_message(e)));
        return out;
    }
    if (!root.is_object()) {
        out.error = QStringLiteral("the request body must be a JSON object");
        return out;
    }
    const char *open = body.constData();
    while (*open != '{')
        ++open; // only whitespace before it
    out.objectOpen = qsizetype(open - body.constData());
    Scanner scanner(out, endpoint);
    scanner.top(dom::object(root));
    out.lastUserText = scanner.promptText();
    if (!out.error.isEmpty())
        return out;
    if (scanner.modelKeyIndex() < 0) {
        out.error = QStringLiteral("you must provide a model parameter");
        out.errorParam = "model";
        return out;
    }
    if (!locateTopLevelValue(*parser, body, scanner.modelKeyIndex(), &out.modelOffset, &out.modelLength)) {
        out.error = QStringLiteral("internal error: the model's place in the body was not found");
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
    case Endpoint::Rerank:
        if (!out.hasQuery) {
            out.error = QStringLiteral("query is required and must be a string");
            out.errorParam = "query";
            return out;
        }
        if (!out.hasDocuments) {
            out.error = QStringLiteral("documents is required: a non-empty array of strings or objects");
            out.errorParam = "documents";
            return out;
        }
        break;
    }
    out.ok = true;
    return out;
}

} // namespace sy::protocol::openai
