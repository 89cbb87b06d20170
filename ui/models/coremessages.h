#pragma once
// The core's messages are English (the same text reaches API clients, logs and the command
// line). The window shows the ones an operator meets most, why a model failed, in the
// window's language: each known form is matched and rebuilt with tr(); anything else is
// shown as the core wrote it.

#include <QString>

namespace sy::ui {

QString localizedFailureCause(const QString &cause);

} // namespace sy::ui
