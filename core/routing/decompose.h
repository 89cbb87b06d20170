#pragma once
// The workload splitter behind POST /api/v1/decompose: turns a prompt holding several
// tasks (a numbered or bulleted list, or "first ... then ... finally ...") into subtasks
// with dependencies, a task type and a complexity estimate each, and a strategy for
// running them. Heuristics only, no model; a prompt with one task stays one subtask.

#include "routing/taskdetect.h"

#include <QString>
#include <vector>

namespace sy::routing {

struct Subtask {
    int id = 0; // 1-based, in prompt order
    QString text;
    TaskScores task;
    double complexity = 0; // 0 (trivial) .. 1 (hard)
    std::vector<int> dependsOn;
};

enum class Strategy { Single, Parallel, Sequential, Hybrid };
const char *strategyName(Strategy strategy);

struct Decomposition {
    QString source;  // "list", "sequence" or "single"
    QString context; // text before a list that applies to every item ("Do the following:")
    std::vector<Subtask> subtasks;
    Strategy strategy = Strategy::Single;
    double complexity = 0;
    std::vector<std::vector<int>> stages; // ids that can run together, stage after stage
};

inline constexpr int kMaxSubtasks = 100;

Decomposition decompose(const QString &prompt);

} // namespace sy::routing
