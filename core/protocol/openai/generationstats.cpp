#include "protocol/openai/generationstats.h"

#include <charconv>
#include <cstring>
#include <string_view>

namespace sy::protocol::openai {

double readPredictedPerSecond(QByteArrayView bytes)
{
    // The last occurrence: the timings follow the generated text, which could quote the key.
    // memmem rather than QByteArrayView::lastIndexOf: this reads every answer and stream
    // chunk, and Qt's search costs about ten instructions per byte of it (callgrind).
    constexpr std::string_view key = "\"predicted_per_second\":";
    const char *end = bytes.data() + bytes.size();
    const char *found = nullptr;
    for (const char *from = bytes.data();
         const void *hit = memmem(from, size_t(end - from), key.data(), key.size());) {
        found = static_cast<const char *>(hit);
        from = found + key.size();
    }
    if (!found)
        return -1;
    const char *p = found + key.size();
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
