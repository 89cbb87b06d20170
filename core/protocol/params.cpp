#include "protocol/params.h"

#include "protocol/fieldtypes.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <limits>

namespace sy::protocol {
namespace {

std::optional<double> number(const QJsonObject &o, const char *key)
{
    if (!key)
        return std::nullopt;
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

// A client's number as an integer, clamped to the type's range: converting a double beyond
// it (top_k: 6.4e55) is undefined behaviour. The top bound is the largest double below the
// type's maximum + 1 (a 64-bit maximum rounds up to 2^63 as a double, which is out of range).
template<typename T>
T clampedInteger(double value)
{
    const double lowest = double(std::numeric_limits<T>::min());
    const double highest = std::nextafter(double(std::numeric_limits<T>::max()), 0.0);
    return T(std::clamp(value, lowest, highest));
}

template<typename T>
void put(QJsonObject &to, const char *key, const std::optional<T> &value)
{
    if (key && value)
        to.insert(QLatin1String(key), double(*value));
}

} // namespace

bool readParams(const QJsonObject &from, const ParamNames &n, Params &p, QString *error, const QString &prefix)
{
    for (const char *name : {n.temperature, n.topP, n.topK, n.maxTokens, n.seed, n.presencePenalty, n.frequencyPenalty}) {
        if (name && !hasType(from.value(QLatin1String(name)), Number, prefix + QLatin1String(name), error))
            return false;
    }
    p.temperature = number(from, n.temperature);
    p.topP = number(from, n.topP);
    if (auto k = number(from, n.topK))
        p.topK = clampedInteger<int>(*k);
    if (auto m = number(from, n.maxTokens); m && *m > 0)
        p.maxTokens = clampedInteger<int>(*m);
    if (auto s = number(from, n.seed))
        p.seed = clampedInteger<qint64>(*s);
    p.presencePenalty = number(from, n.presencePenalty);
    p.frequencyPenalty = number(from, n.frequencyPenalty);
    if (!n.stop)
        return true;
    const QJsonValue stop = from.value(QLatin1String(n.stop));
    if (!hasType(stop, String | Array, prefix + QLatin1String(n.stop), error))
        return false;
    if (stop.isString())
        p.stop << stop.toString();
    for (const QJsonValue &s : stop.toArray()) {
        if (!s.isString()) {
            *error = prefix + QLatin1String(n.stop) + QStringLiteral(" must hold strings only");
            return false;
        }
        p.stop << s.toString();
    }
    return true;
}

void writeParams(const Params &p, const ParamNames &n, QJsonObject &to)
{
    put(to, n.temperature, p.temperature);
    put(to, n.topP, p.topP);
    put(to, n.topK, p.topK);
    put(to, n.maxTokens, p.maxTokens);
    put(to, n.seed, p.seed);
    put(to, n.presencePenalty, p.presencePenalty);
    put(to, n.frequencyPenalty, p.frequencyPenalty);
    if (n.stop && !p.stop.isEmpty()) // the Responses API has none
        to.insert(QLatin1String(n.stop), QJsonArray::fromStringList(p.stop));
}

bool isParamName(const ParamNames &n, const QString &key)
{
    for (const char *name : {n.temperature, n.topP, n.topK, n.maxTokens, n.seed, n.presencePenalty, n.frequencyPenalty, n.stop}) {
        if (name && key == QLatin1String(name))
            return true;
    }
    return false;
}

QString paramNameIn(const ParamNames &to, QByteArrayView openAiName)
{
    const ParamNames &from = kOpenAiParams;
    const std::pair<const char *, const char *> pairs[] = {{from.temperature, to.temperature}, {from.topP, to.topP},
                                                           {from.topK, to.topK},              {from.maxTokens, to.maxTokens},
                                                           {"max_completion_tokens", to.maxTokens}, {from.seed, to.seed},
                                                           {from.presencePenalty, to.presencePenalty}, {from.frequencyPenalty, to.frequencyPenalty},
                                                           {from.stop, to.stop}};
    for (const auto &[openAi, theirs] : pairs) {
        if (openAiName == openAi)
            return theirs ? QString::fromLatin1(theirs) : QString();
    }
    return QString::fromUtf8(openAiName);
}

QJsonObject unknownFields(const QJsonObject &body, const QStringList &known)
{
    QJsonObject out;
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!known.contains(it.key()))
            out.insert(it.key(), it.value());
    }
    return out;
}

void addAbsentFields(QJsonObject &to, const QJsonObject &from)
{
    for (auto it = from.begin(); it != from.end(); ++it) {
        if (!to.contains(it.key()))
            to.insert(it.key(), it.value());
    }
}

} // namespace sy::protocol
