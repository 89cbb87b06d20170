#pragma once
// The task classifier: a linear model (multinomial logistic regression) over the hashed
// features of routing/taskfeatures.h, trained offline by tools/taskclassifier/train.py on
// public prompts (docs/routing.md) and compiled in as a resource (:/routing/taskmodel.bin).
// A decision costs one pass over the prompt excerpt and five multiply-adds per feature.

#include "routing/taskdetect.h"

#include <QByteArray>
#include <QByteArrayView>
#include <array>
#include <optional>
#include <vector>

namespace sy::routing {

class TaskModel {
public:
    // The compiled-in model. A missing or malformed resource is a build error, caught by
    // the tests; it then has no weights and calls everything conversational.
    static const TaskModel &builtin();
    // Reads the model file format train.py writes; nullopt if it is not one.
    static std::optional<TaskModel> fromBytes(const QByteArray &data);

    // Shares of each task type (a softmax), the primary type, its share as the confidence,
    // and, with `explain`, the words that pushed most towards the primary type.
    TaskScores classify(QByteArrayView prompt, bool explain = false) const;

private:
    std::array<float, kTaskTypes> m_bias{};
    std::array<float, kTaskTypes> m_scale{};
    std::vector<qint8> m_weights; // [bucket][type]
};

} // namespace sy::routing
