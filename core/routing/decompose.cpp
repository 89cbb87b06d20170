#include "routing/decompose.h"

#include "routing/taskcues.h"

#include <QRegularExpression>
#include <QStringList>
#include <algorithm>
#include <cmath>

namespace sy::routing {
namespace {

using RE = QRegularExpression;

// "1. x", "2) x", "- x", "* x", "• x", "a) x", "(b) x"
const RE &listItem()
{
    static const RE re(QStringLiteral(R"(^\s*(?:(\d{1,3})[.)]|[-*\x{2022}+]|\(?[a-zA-Z]\))\s+(\S.*)$)"));
    return re;
}

// Markers that start the next step of a sequence.
const RE &sequenceMarker()
{
    static const RE re(QStringLiteral(R"((?:[,;.]\s*|\s+)(?:and\s+)?(?:then|after that|afterwards|next|finally|lastly|)"
                                      R"(subsequently|once (?:that|this|it)(?: is|'s)? done)\b[,:]?\s*)"),
                       RE::CaseInsensitiveOption);
    return re;
}

// A marker that cannot be a conditional's "then": after punctuation or "and".
const RE &clearSequenceMarker()
{
    static const RE re(QStringLiteral(R"((?:[,;.]\s*(?:and\s+)?|\s+and\s+)(?:then|after that|afterwards|next|finally|lastly|subsequently)\b)"),
                       RE::CaseInsensitiveOption);
    return re;
}

const RE &sequenceStart()
{
    static const RE re(QStringLiteral(R"(^\s*(?:first(?:ly)?|to start(?: with)?|start by|begin by)\b[,:]?\s*)"), RE::CaseInsensitiveOption);
    return re;
}

// An item that builds on the one before it.
const RE &followsPrevious()
{
    static const RE re(QStringLiteral(R"(^(?:then|after(?:wards| that)?|next|finally|lastly|once|using|use|based on|with (?:the|that|this|those))\b|)"
                                      R"(\b(?:the (?:result|results|output|outputs|above|previous|answer|function|code|draft|summary|list|table|data)|)"
                                      R"(from (?:the )?(?:previous|above|last)|based on (?:it|that|this|the)|using (?:it|that|this|them|the)|)"
                                      R"((?:for|of|to|on|into|from) (?:it|them)|this (?:result|output|draft))\b)"),
                       RE::CaseInsensitiveOption);
    return re;
}

// "step 2", "item 3", "#1", "(2)"
const RE &stepReference()
{
    static const RE re(QStringLiteral(R"((?:\b(?:step|item|task|point|part)\s+|#|\()(\d{1,3})\b)"), RE::CaseInsensitiveOption);
    return re;
}

// A line after a list that works on all of it.
const RE &combinesAll()
{
    static const RE re(QStringLiteral(R"(\b(?:combine|merge|compare|consolidate|summari[sz]e (?:all|them|everything|the results)|)"
                                      R"(put (?:it|them|everything) together|finally|then|afterwards|in the end)\b)"),
                       RE::CaseInsensitiveOption);
    return re;
}

// A list introduced as an order of steps.
const RE &orderedIntro()
{
    static const RE re(QStringLiteral(R"(\b(?:steps?|in order|in sequence|sequentially|one after another|step by step)\b)"),
                       RE::CaseInsensitiveOption);
    return re;
}

const RE &constraintCue()
{
    static const RE re(QStringLiteral(R"(\b(?:must|should|ensure|without|at least|at most|exactly|optimi[sz]e|efficient|edge cases?|)"
                                      R"(handle|robust|production|secure|scal\w+|concurren\w+|thread-safe|performance)\b)"),
                       RE::CaseInsensitiveOption);
    return re;
}

double typeWeight(TaskType type)
{
    switch (type) {
    case TaskType::Code: return 0.25;
    case TaskType::Math: return 0.25;
    case TaskType::Creative: return 0.15;
    case TaskType::Factual: return 0.1;
    case TaskType::Conversational: return 0.0;
    }
    return 0;
}

double complexityOf(const QString &text, const TaskScores &task)
{
    const qsizetype words = text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts).size();
    const double length = std::min(1.0, std::log2(1.0 + double(words)) / 7.0) * 0.5; // ~0.5 at 127 words
    qsizetype constraints = 0;
    for (auto it = constraintCue().globalMatch(text); it.hasNext() && constraints < 4; it.next())
        ++constraints;
    const double value = length + typeWeight(task.primary) + 0.05 * double(constraints) + 0.05;
    return std::round(std::clamp(value, 0.05, 1.0) * 100) / 100;
}

Subtask makeSubtask(int id, QString text)
{
    Subtask s;
    s.id = id;
    s.text = text.trimmed();
    const QByteArray utf8 = s.text.toUtf8();
    // Subtasks are fragments of a few words ("Write unit tests for it"): cue words type them
    // better than the classifier, which was trained on whole prompts.
    s.task = cueTasks(utf8);
    s.complexity = complexityOf(s.text, s.task);
    return s;
}

struct ListParse {
    QStringList preamble;
    QStringList items;
    QStringList trailer;
};

ListParse parseList(const QString &prompt)
{
    ListParse out;
    bool inList = false, afterList = false;
    for (const QString &line : prompt.split(QLatin1Char('\n'))) {
        const QRegularExpressionMatch m = listItem().match(line);
        if (m.hasMatch() && !afterList) {
            out.items << m.captured(2);
            inList = true;
        } else if (line.trimmed().isEmpty()) {
            continue;
        } else if (inList && !afterList && (line.startsWith(QLatin1Char(' ')) || line.startsWith(QLatin1Char('\t')))) {
            out.items.last() += QLatin1Char(' ') + line.trimmed(); // continuation of the item
        } else if (inList) {
            afterList = true;
            out.trailer << line.trimmed();
        } else {
            out.preamble << line.trimmed();
        }
    }
    return out;
}

QStringList splitSequence(const QString &prompt)
{
    QString text = prompt.simplified();
    const QRegularExpressionMatch start = sequenceStart().match(text);
    if (!start.hasMatch() && !clearSequenceMarker().match(text).hasMatch())
        return {}; // "if x then y" is one task
    text = text.mid(start.hasMatch() ? start.capturedLength() : 0);
    QStringList parts;
    qsizetype from = 0;
    for (auto it = sequenceMarker().globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        parts << text.mid(from, m.capturedStart() - from);
        from = m.capturedEnd();
    }
    parts << text.mid(from);
    for (QString &p : parts)
        p = p.trimmed().remove(QRegularExpression(QStringLiteral("^[,;.:]+|[,;]+$"))).trimmed();
    parts.removeIf([](const QString &p) { return p.size() < 2; });
    return parts.size() >= 2 ? parts : QStringList();
}

void addListDependencies(Decomposition &d, bool ordered)
{
    for (std::size_t i = 1; i < d.subtasks.size(); ++i) {
        Subtask &s = d.subtasks[i];
        for (auto it = stepReference().globalMatch(s.text); it.hasNext();) {
            const int ref = it.next().captured(1).toInt();
            if (ref >= 1 && ref < s.id && std::find(s.dependsOn.begin(), s.dependsOn.end(), ref) == s.dependsOn.end())
                s.dependsOn.push_back(ref);
        }
        if (s.dependsOn.empty() && (ordered || followsPrevious().match(s.text).hasMatch()))
            s.dependsOn.push_back(s.id - 1);
        std::sort(s.dependsOn.begin(), s.dependsOn.end());
    }
}

// Stages by longest path from a task without dependencies (dependencies point backwards).
void computeStages(Decomposition &d)
{
    std::vector<int> level(d.subtasks.size() + 1, 0);
    int deepest = 0;
    for (const Subtask &s : d.subtasks) {
        for (int dep : s.dependsOn)
            level[std::size_t(s.id)] = std::max(level[std::size_t(s.id)], level[std::size_t(dep)] + 1);
        deepest = std::max(deepest, level[std::size_t(s.id)]);
    }
    d.stages.assign(std::size_t(deepest) + 1, {});
    for (const Subtask &s : d.subtasks)
        d.stages[std::size_t(level[std::size_t(s.id)])].push_back(s.id);
}

Strategy strategyOf(const Decomposition &d)
{
    if (d.subtasks.size() <= 1)
        return Strategy::Single;
    if (d.stages.size() == 1)
        return Strategy::Parallel;
    if (d.stages.size() == d.subtasks.size())
        return Strategy::Sequential;
    return Strategy::Hybrid;
}

double overallComplexity(const Decomposition &d)
{
    double sum = 0, highest = 0;
    for (const Subtask &s : d.subtasks) {
        sum += s.complexity;
        highest = std::max(highest, s.complexity);
    }
    const double n = double(d.subtasks.size());
    const double value = highest * 0.6 + (sum / n) * 0.2 + std::min(0.2, 0.04 * (n - 1));
    return std::round(std::clamp(value, 0.0, 1.0) * 100) / 100;
}

} // namespace

const char *strategyName(Strategy strategy)
{
    switch (strategy) {
    case Strategy::Single: return "single";
    case Strategy::Parallel: return "parallel";
    case Strategy::Sequential: return "sequential";
    case Strategy::Hybrid: return "hybrid";
    }
    return "single";
}

Decomposition decompose(const QString &prompt)
{
    Decomposition d;
    const ListParse list = parseList(prompt);
    if (list.items.size() >= 2) {
        d.source = QStringLiteral("list");
        d.context = list.preamble.join(QLatin1Char(' '));
        for (const QString &item : list.items.mid(0, kMaxSubtasks))
            d.subtasks.push_back(makeSubtask(int(d.subtasks.size()) + 1, item));
        addListDependencies(d, orderedIntro().match(d.context).hasMatch());
        // A closing line that works on everything ("Then combine the results") depends on all.
        const QString trailer = list.trailer.join(QLatin1Char(' '));
        if (!trailer.isEmpty() && combinesAll().match(trailer).hasMatch() && int(d.subtasks.size()) < kMaxSubtasks) {
            Subtask last = makeSubtask(int(d.subtasks.size()) + 1, trailer);
            for (const Subtask &s : d.subtasks)
                last.dependsOn.push_back(s.id);
            d.subtasks.push_back(std::move(last));
        } else if (!trailer.isEmpty()) {
            d.context += (d.context.isEmpty() ? QString() : QStringLiteral(" ")) + trailer;
        }
    } else if (const QStringList parts = splitSequence(prompt); !parts.isEmpty()) {
        d.source = QStringLiteral("sequence");
        for (const QString &part : parts.mid(0, kMaxSubtasks)) {
            Subtask s = makeSubtask(int(d.subtasks.size()) + 1, part);
            if (s.id > 1)
                s.dependsOn.push_back(s.id - 1);
            d.subtasks.push_back(std::move(s));
        }
    } else {
        d.source = QStringLiteral("single");
        d.subtasks.push_back(makeSubtask(1, prompt));
    }
    computeStages(d);
    d.strategy = strategyOf(d);
    d.complexity = overallComplexity(d);
    return d;
}

} // namespace sy::routing
