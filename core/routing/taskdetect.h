#pragma once
// Guesses what kind of task a prompt is, for "auto" routing: code, math (and logic),
// factual, creative, conversational. Cheap heuristics (cue words, code-like shapes), no
// model: the scores only have to rank models, not be right every time.

#include <QByteArrayView>
#include <array>

namespace sy::routing {

enum class TaskType { Code, Math, Factual, Creative, Conversational };
inline constexpr int kTaskTypes = 5;
const char *taskName(TaskType type);

struct TaskScores {
    std::array<double, kTaskTypes> score{}; // sums to 1
    TaskType primary = TaskType::Conversational;
    double of(TaskType t) const { return score[std::size_t(t)]; }
};

TaskScores detectTasks(QByteArrayView prompt);

} // namespace sy::routing
