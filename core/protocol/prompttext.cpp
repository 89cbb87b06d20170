#include "protocol/prompttext.h"

#include <algorithm>

namespace sy::protocol {
namespace {

bool isContinuation(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Byte i of the joined parts.
class Joined {
public:
    explicit Joined(std::span<const QByteArrayView> parts) : m_parts(parts)
    {
        for (QByteArrayView p : parts)
            m_size += p.size();
        if (!parts.empty())
            m_size += qsizetype(parts.size()) - 1; // the separators
    }
    qsizetype size() const { return m_size; }
    // Appends bytes [from, to) to `out`.
    void append(QByteArray &out, qsizetype from, qsizetype to) const
    {
        qsizetype at = 0;
        for (std::size_t i = 0; i < m_parts.size() && at < to; ++i) {
            if (i > 0) {
                if (at >= from && at < to)
                    out += '\n';
                ++at;
            }
            const QByteArrayView p = m_parts[i];
            const qsizetype begin = std::max(from, at), end = std::min(to, at + p.size());
            if (begin < end)
                out.append(p.data() + (begin - at), end - begin);
            at += p.size();
        }
    }
    char at(qsizetype index) const
    {
        qsizetype at = 0;
        for (std::size_t i = 0; i < m_parts.size(); ++i) {
            if (i > 0) {
                if (index == at)
                    return '\n';
                ++at;
            }
            if (index < at + m_parts[i].size())
                return m_parts[i][index - at];
            at += m_parts[i].size();
        }
        return 0;
    }

private:
    std::span<const QByteArrayView> m_parts;
    qsizetype m_size = 0;
};

} // namespace

QByteArray promptExcerpt(std::span<const QByteArrayView> parts)
{
    const Joined joined(parts);
    QByteArray out;
    if (joined.size() <= kPromptExcerptMax) {
        out.reserve(joined.size());
        joined.append(out, 0, joined.size());
        return out;
    }
    // Cut before a continuation byte would split a character.
    qsizetype headEnd = kPromptHeadBytes;
    while (headEnd > 0 && isContinuation(joined.at(headEnd)))
        --headEnd;
    qsizetype tailBegin = joined.size() - kPromptTailBytes;
    while (tailBegin < joined.size() && isContinuation(joined.at(tailBegin)))
        ++tailBegin;
    out.reserve(kPromptExcerptMax);
    joined.append(out, 0, headEnd);
    out += '\n';
    joined.append(out, tailBegin, joined.size());
    return out;
}

QByteArray promptExcerpt(QByteArrayView text)
{
    return promptExcerpt(std::span<const QByteArrayView>(&text, 1));
}

} // namespace sy::protocol
