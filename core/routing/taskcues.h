#pragma once
// The keyword detector "auto" used before the classifier: cue words per task type and a
// few shapes (braces, arithmetic). Kept as the baseline the classifier is measured
// against (docs/routing.md). Cues match whole words only ("antitrust" is not "rust").

#include "routing/taskdetect.h"

namespace sy::routing {

TaskScores cueTasks(QByteArrayView prompt);

} // namespace sy::routing
