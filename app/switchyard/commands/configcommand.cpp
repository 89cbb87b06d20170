// switchyard config check FILE: the checks Switchyard makes before it takes a config (every
// problem at once, by key), run here on a file, so that an edit can be checked before it is
// saved where a running Switchyard would apply it. Needs no running Switchyard.

#include "commands/commandfunctions.h"
#include "store/config.h"
#include "store/launchcheck.h"

#include <QFile>

namespace sy::app::commands {

ExitCode runConfig(Context &ctx)
{
    const QStringList args = ctx.positional();
    if (args.size() != 2 || args.first() != QLatin1String("check"))
        return ctx.usage(QStringLiteral("the config command is: switchyard config check FILE"));
    const QString path = args.at(1);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ctx.fail(ExitCode::Failed, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const config::ParseResult result = config::parseText(file.readAll());
    // Valid, yet a launch program or model file missing here: said, not refused.
    const std::vector<config::Issue> warnings = result.ok() ? config::launchWarnings(*result.config) : std::vector<config::Issue>();

    if (ctx.json()) {
        ctx.printJson({{QStringLiteral("file"), path}, {QStringLiteral("valid"), result.ok()},
                       {QStringLiteral("issues"), config::issuesJson(result.errors)}, {QStringLiteral("warnings"), config::issuesJson(warnings)}});
    } else if (result.ok()) {
        const config::Config &c = *result.config;
        ctx.print(QStringLiteral("%1: valid (%2 backends, %3 models, %4 agents, %5 pools, %6 modes)\n")
                      .arg(path)
                      .arg(c.backends.size())
                      .arg(c.models.size())
                      .arg(c.agents.size())
                      .arg(c.pools.size())
                      .arg(c.modes.size()));
        for (const config::Issue &warning : warnings)
            ctx.print(QStringLiteral("  warning: ") + warning.text() + QLatin1Char('\n'));
    } else {
        QString text = QStringLiteral("%1: invalid, %2 problem%3:\n").arg(path).arg(result.errors.size()).arg(result.errors.size() == 1 ? "" : "s");
        for (const config::Issue &issue : result.errors)
            text += QStringLiteral("  ") + issue.text() + QLatin1Char('\n');
        ctx.print(text);
    }
    return result.ok() ? ExitCode::Ok : ExitCode::Failed;
}

} // namespace sy::app::commands
