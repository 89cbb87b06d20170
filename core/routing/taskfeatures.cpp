#include "routing/taskfeatures.h"

#include <QFile>
#include <algorithm>
#include <bit>
#include <bitset>

namespace sy::routing {
namespace {

constexpr qsizetype kMaxText = 0xFFFF;    // spans are 16-bit
constexpr qsizetype kMaxTrigramWord = 24; // longer "words" (hashes, base64) say nothing more

bool isWordByte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

bool isSpace(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// FNV-1a, seeded by the feature's kind so a word and a trigram of the same bytes differ
// (unseeded for taskFeatureSetId()).
class Hash {
public:
    constexpr Hash() = default;
    constexpr explicit Hash(char kind) { add(kind); }
    constexpr Hash &add(char c)
    {
        m_h = (m_h ^ static_cast<unsigned char>(c)) * 16777619u;
        return *this;
    }
    constexpr Hash &add(QByteArrayView bytes)
    {
        for (const char c : bytes)
            add(c);
        return *this;
    }
    constexpr std::uint32_t value() const { return m_h; }
    constexpr std::uint32_t bucket() const { return (m_h ^ (m_h >> kFeatureBits)) & (kFeatureBuckets - 1); }

private:
    std::uint32_t m_h = 2166136261u;
};

// Names of programming technologies (techterms.txt, a resource): a word found here adds the
// shared "T" feature. The set of their word buckets rejects other words with one bit test.
class TechTerms {
public:
    static const TechTerms &instance()
    {
        static const TechTerms terms;
        return terms;
    }
    bool contains(std::uint32_t wordBucket, QByteArrayView word) const
    {
        // operator[], not test(): test() checks the index and can throw, which costs on every word.
        return m_buckets[wordBucket] && std::binary_search(m_words.begin(), m_words.end(), word);
    }
    std::uint32_t id() const { return m_id; }

private:
    TechTerms()
    {
        QFile file(QStringLiteral(":/routing/techterms.txt"));
        if (!file.open(QIODevice::ReadOnly))
            qCritical("task features: the technology names resource is missing; auto's detection is off");
        // Only what the tokenizer calls a word can ever match (train.py refuses the rest).
        const auto lowerWordByte = [](char c) { return isWordByte(static_cast<unsigned char>(c)) && !(c >= 'A' && c <= 'Z'); };
        for (QByteArray line : file.readAll().split('\n')) {
            if (const qsizetype comment = line.indexOf('#'); comment >= 0)
                line.truncate(comment);
            for (const QByteArray &word : line.simplified().split(' ')) {
                if (word.isEmpty())
                    continue;
                if (!std::all_of(word.begin(), word.end(), lowerWordByte)) {
                    qCritical("task features: '%s' in techterms.txt is not a lower-case word; ignored", word.constData());
                    continue;
                }
                m_buckets.set(Hash('w').add(word).bucket());
                m_words.push_back(word);
            }
        }
        std::sort(m_words.begin(), m_words.end());
        m_words.erase(std::unique(m_words.begin(), m_words.end()), m_words.end());
        Hash id;
        for (const QByteArray &word : m_words) {
            if (&word != &m_words.front())
                id.add('\n');
            id.add(word);
        }
        m_id = id.value();
    }

    std::bitset<kFeatureBuckets> m_buckets;
    std::vector<QByteArray> m_words;
    std::uint32_t m_id = 0;
};

constexpr std::uint32_t kTechTerm = Hash('T').bucket();

struct Token {
    qsizetype begin;
    qsizetype length;
    bool word;
};

} // namespace

std::uint32_t taskFeatureSetId()
{
    return TechTerms::instance().id();
}

void taskFeatures(QByteArrayView text, std::vector<TaskFeature> &out, QByteArray &lowered)
{
    out.clear();
    lowered.resize(std::min(text.size(), kMaxText));
    const qsizetype n = lowered.size();
    char *s = lowered.data();
    int digits = 0, punctuation = 0, lines = 0;
    for (qsizetype i = 0; i < n; ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        s[i] = c;
        const auto u = static_cast<unsigned char>(c);
        digits += (u >= '0' && u <= '9') ? 1 : 0;
        lines += c == '\n' ? 1 : 0;
        punctuation += (!isWordByte(u) && !isSpace(u)) ? 1 : 0;
    }

    // Shapes: length and line count by powers of two, digits and punctuation in tenths.
    const auto tenths = [n](int count) { return char(n ? std::min<qsizetype>(9, 10 * count / n) : 0); };
    out.push_back({Hash('L').add(char(std::bit_width(std::uint64_t(n)))).bucket()});
    out.push_back({Hash('N').add(char(std::bit_width(unsigned(lines)))).bucket()});
    out.push_back({Hash('D').add(tenths(digits)).bucket()});
    out.push_back({Hash('P').add(tenths(punctuation)).bucket()});

    // One pass over each token: its word hash, the pair hash with the previous token (which
    // continues the state left after "b" + previous + " ") and the start of the next pair's
    // state are three independent multiply chains, so they overlap; bytes are read once.
    const TechTerms &techTerms = TechTerms::instance();
    Token previous{0, 0, false};
    Hash pairAfterPrevious('b'); // "b" + previous token + " ", ready for the current token
    for (qsizetype i = 0; i < n;) {
        const auto u = static_cast<unsigned char>(s[i]);
        if (isSpace(u)) {
            ++i;
            continue;
        }
        Token t{i, 1, isWordByte(u)};
        if (t.word) {
            while (i + t.length < n && isWordByte(static_cast<unsigned char>(s[i + t.length])))
                ++t.length;
        }
        i += t.length;
        Hash word('w'), pair = pairAfterPrevious, next('b');
        for (qsizetype k = 0; k < t.length; ++k) {
            const char c = s[t.begin + k];
            word.add(c);
            pair.add(c);
            next.add(c);
        }
        const std::uint32_t wordBucket = word.bucket();
        out.push_back({wordBucket, std::uint16_t(t.begin), std::uint16_t(t.length)});
        if (t.word && techTerms.contains(wordBucket, QByteArrayView(s + t.begin, t.length)))
            out.push_back({kTechTerm, std::uint16_t(t.begin), std::uint16_t(t.length)});
        if (previous.length) {
            const qsizetype end = t.begin + t.length;
            out.push_back({pair.bucket(), std::uint16_t(previous.begin), std::uint16_t(end - previous.begin)});
        }
        pairAfterPrevious = next.add(' ');
        if (t.word) {
            // Trigrams of " word ": spelling variants and word parts (refactor/refactoring).
            constexpr Hash trigram('c');
            const qsizetype w = std::min(t.length, kMaxTrigramWord);
            for (qsizetype k = -1; k + 2 <= w; ++k) {
                const char a = k < 0 ? ' ' : s[t.begin + k];
                const char b = s[t.begin + k + 1];
                const char c = k + 2 < w ? s[t.begin + k + 2] : ' ';
                out.push_back({Hash(trigram).add(a).add(b).add(c).bucket()});
            }
        }
        previous = t;
    }
}

} // namespace sy::routing
