#pragma once
// What kind of task a prompt is, for "auto" routing: code, math (and logic), factual,
// creative, conversational. The linear classifier of routing/taskmodel.h decides;
// routing/taskcues.h keeps the keyword list it replaced, as the evaluation's baseline.

#include <QByteArray>
#include <QByteArrayView>
#include <array>

namespace sy::routing {

enum class TaskType { Code, Math, Factual, Creative, Conversational };
inline constexpr int kTaskTypes = 5;
const char *taskName(TaskType type);

struct TaskScores {
    std::array<double, kTaskTypes> score{}; // sums to 1
    TaskType primary = TaskType::Conversational;
    double confidence = 0; // the primary type's share
    QByteArray why;        // the words that decided, for the trace (when asked)
    double of(TaskType t) const { return score[std::size_t(t)]; }
};

// `prompt` is the latest user turn (protocol/prompttext.h). With `explain`, `why` is set.
TaskScores detectTasks(QByteArrayView prompt, bool explain = false);

} // namespace sy::routing
