#pragma once
// The core's messages are English (the same text reaches API clients, logs and the command
// line). The window shows them in its own language:
// - config problems come with their English form and arguments, which are translated here
//   (contexts "ConfigMessages" and "ConfigTypes"; lupdate reads the core's config checks);
// - why a model failed, and the management API's errors, are matched by their code or known
//   form and rebuilt with tr().
// Anything not known is shown as the core wrote it.

#include <QString>
#include <QStringList>

namespace sy::ui {

QString localizedFailureCause(const QString &cause);
QString localizedConfigIssue(const QString &form, const QStringList &args, const QString &message);
// An error answer of the management API: its error.code and error.message.
QString localizedCoreError(const QString &code, const QString &message);

} // namespace sy::ui
