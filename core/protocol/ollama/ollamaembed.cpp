#include "protocol/ollama/ollamaembed.h"

#include "protocol/fieldtypes.h"
#include "protocol/jsonsplice.h"
#include "protocol/ollama/ollamacodec.h"
#include "protocol/openai/requestscan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>
#include <simdjson.h>
#include <vector>

namespace sy::protocol::ollama {
namespace {

namespace od = simdjson::ondemand;

constexpr int kMostDimensions = 1 << 16;

const char *inputKey(EmbedShape shape)
{
    return shape == EmbedShape::Batch ? "input" : "prompt";
}

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// One JSON number at `i` (the grammar's: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?).
bool skipNumber(std::string_view s, std::size_t &i)
{
    const auto digits = [&] {
        const std::size_t from = i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        return i > from;
    };
    if (i < s.size() && s[i] == '-')
        ++i;
    if (i < s.size() && s[i] == '0')
        ++i;
    else if (!digits())
        return false;
    if (i < s.size() && s[i] == '.' && (++i, !digits()))
        return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-'))
            ++i;
        if (!digits())
            return false;
    }
    return true;
}

// An embedding as the backend wrote it is copied without converting every number twice:
// only a well-formed JSON array of numbers may pass (the parser reads arrays lazily).
bool isNumberArray(std::string_view s)
{
    std::size_t i = 0;
    const auto skipSpace = [&] {
        while (i < s.size() && isSpace(s[i]))
            ++i;
    };
    if (s.empty() || s[i++] != '[')
        return false;
    skipSpace();
    if (i < s.size() && s[i] == ']')
        return i + 1 == s.size();
    for (;;) {
        skipSpace();
        if (!skipNumber(s, i))
            return false;
        skipSpace();
        if (i >= s.size())
            return false;
        if (s[i] == ']')
            return i + 1 == s.size();
        if (s[i++] != ',')
            return false;
    }
}

std::string_view trimmedEnd(std::string_view s)
{
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

struct Embedding {
    std::int64_t index = -1;
    std::string_view raw;
};

// data[i]: its index (when it says) and its embedding's JSON text.
bool readEmbedding(od::value element, Embedding &out, QString *error)
{
    od::object item;
    if (element.get_object().get(item)) {
        *error = QStringLiteral("an element of data is not an object");
        return false;
    }
    for (auto field : item) {
        std::string_view key;
        if (field.unescaped_key().get(key))
            return false;
        if (key == "index") {
            if (field.value().get_int64().get(out.index) || out.index < 0) {
                *error = QStringLiteral("an index in data is not a non-negative integer");
                return false;
            }
        } else if (key == "embedding") {
            od::array numbers;
            // raw_json() runs to the next token: the space after the array is cut off.
            if (field.value().get_array().get(numbers) || numbers.raw_json().get(out.raw) || !isNumberArray(trimmedEnd(out.raw))) {
                *error = QStringLiteral("an embedding is not an array of numbers");
                return false;
            }
            out.raw = trimmedEnd(out.raw);
        }
    }
    if (out.raw.empty()) {
        *error = QStringLiteral("an element of data has no embedding");
        return false;
    }
    return true;
}

// The answer's embeddings in index order, and usage.prompt_tokens.
bool readOpenAiEmbeddings(const simdjson::padded_string_view &json, std::vector<Embedding> &out, std::int64_t *promptTokens, QString *error)
{
    od::parser parser;
    od::document doc;
    od::object root;
    if (parser.iterate(json).get(doc) || doc.get_object().get(root)) {
        *error = QStringLiteral("the embeddings answer is not a JSON object");
        return false;
    }
    bool hasData = false;
    for (auto field : root) {
        std::string_view key;
        if (field.error() || field.unescaped_key().get(key)) {
            *error = QStringLiteral("the embeddings answer is not valid JSON");
            return false;
        }
        if (key == "data") {
            od::array data;
            if (hasData || field.value().get_array().get(data)) {
                *error = hasData ? QStringLiteral("data comes twice") : QStringLiteral("data is not an array");
                return false;
            }
            hasData = true;
            for (auto element : data) {
                od::value value;
                Embedding e;
                if (element.get(value) || !readEmbedding(value, e, error)) {
                    if (error->isEmpty())
                        *error = QStringLiteral("data is not valid JSON");
                    return false;
                }
                out.push_back(e);
            }
        } else if (key == "usage") {
            od::object usage;
            if (field.value().get_object().get(usage)) {
                *error = QStringLiteral("usage is not an object");
                return false;
            }
            for (auto u : usage) {
                std::string_view name;
                if (u.error() || u.unescaped_key().get(name)) {
                    *error = QStringLiteral("usage is not valid JSON");
                    return false;
                }
                if (name == "prompt_tokens" && u.value().get_int64().get(*promptTokens))
                    *promptTokens = 0; // not a count: none
            }
        }
    }
    if (!hasData) {
        *error = QStringLiteral("the answer has no data array of embeddings");
        return false;
    }
    // In the order of the inputs: by index when every element says it (each once).
    if (std::all_of(out.begin(), out.end(), [](const Embedding &e) { return e.index >= 0; })) {
        std::sort(out.begin(), out.end(), [](const Embedding &a, const Embedding &b) { return a.index < b.index; });
        for (std::size_t i = 0; i < out.size(); ++i)
            if (out[i].index != std::int64_t(i)) {
                *error = QStringLiteral("the indices in data are not 0 to %1, each once").arg(out.size() - 1);
                return false;
            }
    }
    return true;
}

} // namespace

bool EmbedRequest::nothingToEmbed() const
{
    return input.isUndefined() || input.isNull() || (input.isString() && input.toString().isEmpty()) ||
           (input.isArray() && input.toArray().isEmpty());
}

bool parseEmbedRequest(const QJsonObject &body, EmbedShape shape, EmbedRequest &out, QString *error)
{
    if (!fieldsHaveTypes(body, {{"model", String}, {"input", String | Array}, {"prompt", String}, {"truncate", Boolean},
                                {"dimensions", Number}, {"options", Object}, {"keep_alive", String | Number}},
                         error))
        return false;
    out.model = body.value(QLatin1String("model")).toString();
    if (out.model.isEmpty()) {
        *error = QStringLiteral("model is required");
        return false;
    }
    out.input = body.value(QLatin1String(inputKey(shape)));
    const QJsonArray inputs = out.input.toArray();
    for (qsizetype i = 0; i < inputs.size(); ++i)
        if (!inputs[i].isString()) {
            *error = QStringLiteral("input[%1] must be a string").arg(i);
            return false;
        }
    if (const QJsonValue dimensions = body.value(QLatin1String("dimensions")); dimensions.isDouble()) {
        const double d = dimensions.toDouble();
        if (d != std::floor(d) || d < 1 || d > kMostDimensions) {
            *error = QStringLiteral("dimensions must be a whole number from 1 to %1").arg(kMostDimensions);
            return false;
        }
        out.dimensions = int(d);
    }
    out.keepAlive = body.value(QLatin1String("keep_alive"));
    if (!isKeepAlive(out.keepAlive)) {
        *error = QStringLiteral("keep_alive must be a number of seconds or a duration like \"5m\" or \"1h30m\" (negative: for ever)");
        return false;
    }
    return true;
}

QByteArray openAiEmbeddingsBody(const EmbedRequest &request)
{
    QJsonObject body{{QStringLiteral("model"), request.model}, {QStringLiteral("input"), request.input},
                     {QStringLiteral("encoding_format"), QStringLiteral("float")}};
    if (request.dimensions > 0)
        body.insert(QStringLiteral("dimensions"), request.dimensions);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

qsizetype EmbedRequest::inputCount() const
{
    return input.isArray() ? input.toArray().size() : nothingToEmbed() ? 0 : 1;
}

bool ollamaEmbedAnswer(const QByteArray &openAi, const EmbedAnswerFor &request, qint64 totalNs, QByteArray *out, QString *error)
{
    // Validated whole first: the reading below is lazy and would not see junk it skips.
    const QByteArray padded = openai::padForScan(openAi);
    if (!openai::isValidJson(padded)) {
        *error = QStringLiteral("the embeddings answer is not valid JSON");
        return false;
    }
    const simdjson::padded_string_view json(padded.constData(), std::size_t(padded.size()), std::size_t(padded.capacity()));
    std::vector<Embedding> embeddings;
    std::int64_t promptTokens = 0;
    if (!readOpenAiEmbeddings(json, embeddings, &promptTokens, error))
        return false;
    if (qsizetype(embeddings.size()) != request.inputs) { // clients pair vectors with inputs by position
        *error = QStringLiteral("the answer has %1 embeddings for %2 inputs").arg(embeddings.size()).arg(request.inputs);
        return false;
    }
    const QByteArrayView model = request.model;
    if (request.shape == EmbedShape::Single) {
        out->clear();
        out->append("{\"embedding\":").append(embeddings.front().raw.data(), qsizetype(embeddings.front().raw.size())).append('}');
        return true;
    }
    qsizetype size = 128 + model.size();
    for (const Embedding &e : embeddings)
        size += qsizetype(e.raw.size()) + 1;
    out->clear();
    out->reserve(size);
    out->append("{\"model\":").append(jsonString(model)).append(",\"embeddings\":[");
    for (std::size_t i = 0; i < embeddings.size(); ++i) {
        if (i > 0)
            out->append(',');
        out->append(embeddings[i].raw.data(), qsizetype(embeddings[i].raw.size()));
    }
    out->append("],\"total_duration\":").append(QByteArray::number(totalNs));
    out->append(",\"load_duration\":0,\"prompt_eval_count\":").append(QByteArray::number(qint64(promptTokens))).append('}');
    return true;
}

QByteArray emptyEmbedAnswer(EmbedShape shape, QByteArrayView model)
{
    if (shape == EmbedShape::Single)
        return QByteArrayLiteral("{\"embedding\":[]}");
    return "{\"model\":" + jsonString(model) + ",\"embeddings\":[]}";
}

} // namespace sy::protocol::ollama
