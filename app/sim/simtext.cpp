#include "simtext.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace sim {
namespace {

const char *const kVocabulary[] = {
    "the", "model", "answers", "with", "a", "short", "and", "steady", "stream", "of", "words", "that", "switchyard",
    "routes", "from", "one", "server", "to", "another", "while", "tokens", "flow", "through", "every", "request",
    "in", "order", "so", "tests", "can", "check", "exact", "output", "each", "time", "they", "run", "locally",
    "on", "port", "and", "memory", "stays", "warm", "until", "its", "ttl", "ends", "quietly"};

quint64 next(quint64 &state)
{
    // xorshift64*: small, fast and deterministic across platforms.
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1Dull;
}

QJsonValue valueFor(const QJsonObject &schema, const QString &name, quint64 &state)
{
    const QString type = schema.value(QLatin1String("type")).toString();
    const QJsonArray choices = schema.value(QLatin1String("enum")).toArray();
    if (!choices.isEmpty())
        return choices.at(qsizetype(next(state) % quint64(choices.size())));
    if (type == QLatin1String("integer"))
        return int(next(state) % 100);
    if (type == QLatin1String("number"))
        return double(next(state) % 1000) / 10.0;
    if (type == QLatin1String("boolean"))
        return (next(state) & 1) == 1;
    if (type == QLatin1String("array"))
        return QJsonArray{valueFor(schema.value(QLatin1String("items")).toObject(), name, state)};
    if (type == QLatin1String("object"))
        return argumentsFor(schema, next(state));
    return name + QLatin1Char('-') + QLatin1String(kVocabulary[next(state) % std::size(kVocabulary)]);
}

} // namespace

quint64 fnv1a(QByteArrayView data)
{
    quint64 hash = 0xcbf29ce484222325ull;
    for (char c : data) {
        hash ^= quint8(c);
        hash *= 0x100000001b3ull;
    }
    return hash ? hash : 1;
}

QStringList words(quint64 seed, int count)
{
    QStringList out;
    quint64 state = seed ? seed : 1;
    for (int i = 0; i < count; ++i)
        out << QLatin1String(kVocabulary[next(state) % std::size(kVocabulary)]);
    return out;
}

int approximateTokens(const QString &text)
{
    return int(text.size() / 4) + 1;
}

QJsonObject argumentsFor(const QJsonObject &parameters, quint64 seed)
{
    quint64 state = seed ? seed : 1;
    QJsonObject args;
    const QJsonObject properties = parameters.value(QLatin1String("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it)
        args.insert(it.key(), valueFor(it.value().toObject(), it.key(), state));
    return args;
}

std::vector<float> embedding(QByteArrayView text, int dims)
{
    std::vector<float> v(std::size_t(std::max(dims, 1)));
    quint64 state = fnv1a(text);
    double norm = 0;
    for (float &x : v) {
        x = float(double(next(state) % 20001) / 10000.0 - 1.0);
        norm += double(x) * double(x);
    }
    norm = std::sqrt(norm);
    for (float &x : v)
        x = norm > 0 ? float(double(x) / norm) : 0.0f;
    return v;
}

double relevance(const QString &query, const QString &document)
{
    static const QRegularExpression nonWord(QStringLiteral("[^\\p{L}\\p{N}]+"));
    const QStringList asked = query.toLower().split(nonWord, Qt::SkipEmptyParts);
    const QStringList held = document.toLower().split(nonWord, Qt::SkipEmptyParts);
    if (asked.isEmpty())
        return 0;
    const QSet<QString> heldSet(held.begin(), held.end());
    const auto found = std::count_if(asked.begin(), asked.end(), [&heldSet](const QString &w) { return heldSet.contains(w); });
    return double(found) / double(asked.size());
}

} // namespace sim
