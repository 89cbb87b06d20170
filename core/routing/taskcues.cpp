#include "routing/taskcues.h"

#include <QByteArray>
#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

namespace sy::routing {

namespace {

struct Cue {
    const char *text;
    double weight;
};

// Lower-case cues.
constexpr Cue kCode[] = {{"```", 3},       {"function", 1},  {"class ", 1},    {"def ", 1.5},   {"import ", 1.5},
                         {"#include", 2},  {"compile", 1},   {"stack trace", 2}, {"exception", 1}, {"bug", 1},
                         {"refactor", 2},  {"python", 1.5},  {"javascript", 1.5}, {"typescript", 1.5}, {"c++", 1.5},
                         {"rust", 1},      {"golang", 1},    {"sql", 1.5},     {"regex", 1.5},  {"api", 0.5},
                         {"unit test", 1.5}, {"tests", 1}, {"implement", 1}, {"segfault", 2},  {"null pointer", 2}, {"return ", 0.5},
                         {"=>", 1},        {"();", 1.5},     {"git ", 1},      {"json", 0.5},   {"code", 1}};
constexpr Cue kMath[] = {{"solve", 1.5},   {"equation", 2},  {"prove", 1.5},   {"proof", 1.5},  {"integral", 2},
                         {"derivative", 2}, {"probability", 2}, {"calculate", 1.5}, {"compute", 1}, {"how many", 1},
                         {"sum of", 1},    {"percent", 1},   {"logic", 1},     {"puzzle", 1},   {"theorem", 2},
                         {"matrix", 1.5},  {"algebra", 2},   {"geometry", 2},  {"statistics", 1.5}, {"=", 0.5}};
constexpr Cue kFactual[] = {{"what is", 1},   {"what are", 1}, {"who ", 1},       {"when did", 1.5}, {"where is", 1},
                            {"capital of", 2}, {"define", 1.5}, {"definition", 1.5}, {"explain", 1},  {"history of", 1.5},
                            {"how does", 1},  {"difference between", 1.5}, {"fact", 1}, {"according to", 1},
                            {"summarize", 1}, {"population", 1.5}, {"year", 0.5},
                            {"compare", 1}, {"describe", 1}};
constexpr Cue kCreative[] = {{"poem", 2.5},   {"story", 2},    {"haiku", 2.5},   {"lyrics", 2},   {"imagine", 1.5},
                             {"creative", 1.5}, {"fiction", 2}, {"slogan", 2},   {"tagline", 2},  {"write a", 1},
                             {"brainstorm", 1.5}, {"metaphor", 1.5}, {"character", 1}, {"novel", 1.5}, {"song", 1.5},
                             {"landing page", 1}, {"marketing", 1}};
constexpr Cue kConversational[] = {{"hello", 1.5}, {"hi ", 1},     {"hey", 1},       {"thanks", 1.5}, {"thank you", 1.5},
                                   {"how are you", 2}, {"good morning", 1.5}, {"what do you think", 1},
                                   {"can you", 0.5}, {"please", 0.3}, {"chat", 1}};

// Every cue, bucketed by its first byte, so one pass over the prompt finds them all.
struct CueIndex {
    struct Entry {
        const char *text;
        std::size_t length;
        double weight;
        int task;
    };
    std::vector<Entry> entries;
    std::array<std::vector<int>, 256> byFirst; // indices into entries

    template<std::size_t N>
    void add(const Cue (&cues)[N], TaskType task)
    {
        for (const Cue &c : cues) {
            byFirst[static_cast<unsigned char>(c.text[0])].push_back(int(entries.size()));
            entries.push_back({c.text, std::strlen(c.text), c.weight, int(task)});
        }
    }
    CueIndex()
    {
        add(kCode, TaskType::Code);
        add(kMath, TaskType::Math);
        add(kFactual, TaskType::Factual);
        add(kCreative, TaskType::Creative);
        add(kConversational, TaskType::Conversational);
    }
};

bool isWordChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// A cue that starts (ends) with a letter or digit must not continue a word there.
bool wholeWord(const QByteArray &text, qsizetype at, std::size_t length)
{
    const char first = text[at], last = text[at + qsizetype(length) - 1];
    if (isWordChar(first) && at > 0 && isWordChar(text[at - 1]))
        return false;
    const qsizetype after = at + qsizetype(length);
    return !(isWordChar(last) && after < text.size() && isWordChar(text[after]));
}

const CueIndex &cueIndex()
{
    static const CueIndex index;
    return index;
}

} // namespace

TaskScores cueTasks(QByteArrayView prompt)
{
    // The end of a long prompt says most about the task; cap the work.
    constexpr qsizetype kMax = 2048;
    const QByteArrayView tail = prompt.size() > kMax ? prompt.sliced(prompt.size() - kMax) : prompt;
    const QByteArray text = tail.toByteArray().toLower();

    // Each cue counts once, however often it appears.
    std::array<double, kTaskTypes> raw{};
    const CueIndex &index = cueIndex();
    std::vector<bool> found(index.entries.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        for (int e : index.byFirst[static_cast<unsigned char>(text[i])]) {
            const CueIndex::Entry &cue = index.entries[std::size_t(e)];
            if (!found[std::size_t(e)] && std::size_t(text.size() - i) >= cue.length &&
                (cue.length < 2 || text[i + 1] == cue.text[1]) && std::memcmp(text.constData() + i, cue.text, cue.length) == 0 && wholeWord(text, i, cue.length)) {
                found[std::size_t(e)] = true;
                raw[std::size_t(cue.task)] += cue.weight;
            }
        }
    }

    // Shapes: code-like punctuation, arithmetic between digits, a question mark.
    int braces = 0, operators = 0, digits = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        braces += (c == '{' || c == '}' || c == ';') ? 1 : 0;
        digits += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
        if ((c == '+' || c == '*' || c == '/' || c == '^') && i > 0 && i + 1 < text.size() &&
            (std::isdigit(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == ' ') &&
            (std::isdigit(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == ' '))
            ++operators;
    }
    raw[0] += std::min(3.0, braces / 4.0);
    raw[1] += std::min(3.0, operators * 1.0) + (digits > 3 ? 0.5 : 0);
    if (text.contains('?'))
        raw[2] += 0.5;
    if (text.size() < 40 && raw[0] + raw[1] + raw[2] + raw[3] < 1.0)
        raw[4] += 1.0; // short messages without a task cue are mostly conversation
    raw[4] += 0.25;    // and conversation is the default

    double total = 0;
    for (double v : raw)
        total += v;
    TaskScores out;
    std::size_t best = 4; // conversational unless a type scores more; ties go to the earlier type
    for (std::size_t i = 0; i < raw.size(); ++i) {
        out.score[i] = raw[i] / total;
        if (raw[i] > raw[best] || (raw[i] == raw[best] && i < best))
            best = i;
    }
    out.primary = TaskType(best);
    out.confidence = out.score[best];
    return out;
}

} // namespace sy::routing
