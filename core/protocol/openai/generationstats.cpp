#include "protocol/openai/generationstats.h"

#include <charconv>

namespace sy::protocol::openai {

double readPredictedPerSecond(QByteArrayView bytes)
{
    constexpr QByteArrayView key = "\"predicted_per_second\":";
    const qsizetype at = bytes.lastIndexOf(key);
    if (at < 0)
        return -1;
    const char *p = bytes.data() + at + key.size();
    const char *end = bytes.data() + bytes.size();
    while (p < end && *p == ' ')
        ++p;
    double value = -1;
    const auto [next, ec] = std::from_chars(p, end, value);
    return ec == std::errc() && value > 0 ? value : -1;
}

int countGeneratedPieces(QByteArrayView bytes)
{
    // Keys whose string values are generated output; "content" also ends "reasoning_content".
    static constexpr QByteArrayView kKeys[] = {"content\":\"", "\"text\":\"", "\"arguments\":\""};
    int pieces = 0;
    for (const QByteArrayView key : kKeys) {
        for (qsizetype at = bytes.indexOf(key); at >= 0; at = bytes.indexOf(key, at + key.size())) {
            const qsizetype value = at + key.size();
            if (value < bytes.size() && bytes[value] != '"')
                ++pieces;
        }
    }
    return pieces;
}

} // namespace sy::protocol::openai
