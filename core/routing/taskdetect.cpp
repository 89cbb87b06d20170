#include "routing/taskdetect.h"

#include "routing/taskmodel.h"

namespace sy::routing {

const char *taskName(TaskType type)
{
    switch (type) {
    case TaskType::Code: return "code";
    case TaskType::Math: return "math";
    case TaskType::Factual: return "factual";
    case TaskType::Creative: return "creative";
    case TaskType::Conversational: return "conversational";
    }
    return "conversational";
}

TaskScores detectTasks(QByteArrayView prompt, bool explain)
{
    return TaskModel::builtin().classify(prompt, explain);
}

} // namespace sy::routing
