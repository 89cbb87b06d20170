// switchyard logs MODEL [-f]: what a model server printed; with -f, what it prints from
// then on, until interrupted or the model or Switchyard goes away.

#include "commands/commandfunctions.h"

#include <QJsonArray>
#include <QThread>

namespace sy::app::commands {
namespace {

constexpr unsigned long kFollowPollMs = 500;
constexpr int kMaxLinesPerRequest = 2000; // the API's limit

void printLines(Context &ctx, const QString &id, const QJsonArray &lines, bool follow)
{
    if (ctx.json() && !follow) // whole answers are printed by the caller
        return;
    QString text;
    for (const QJsonValue &line : lines) {
        if (ctx.json())
            ctx.printJson({{QStringLiteral("id"), id}, {QStringLiteral("line"), line}});
        else
            text += line.toString() + QLatin1Char('\n');
    }
    if (!text.isEmpty())
        ctx.print(text);
}

} // namespace

ExitCode runLogs(Context &ctx)
{
    if (ctx.positional().size() != 1)
        return ctx.usage(QStringLiteral("logs takes one MODEL (see switchyard help logs)"));
    const std::optional<int> count = ctx.intOption(QStringLiteral("n"), 1, kMaxLinesPerRequest, 100);
    if (!count)
        return ExitCode::Usage;
    const bool follow = ctx.args().isSet(QStringLiteral("follow"));
    const QString logs = client::modelPath(ctx.positional().first(), QStringLiteral("logs"));

    client::RestReply reply = ctx.core().get(logs + QStringLiteral("?lines=%1").arg(*count));
    if (!reply.ok())
        return ctx.fail(reply);
    const QString id = reply.body.value(QLatin1String("id")).toString();
    if (ctx.json() && !follow)
        ctx.printJson(reply.body);
    printLines(ctx, id, reply.body.value(QLatin1String("lines")).toArray(), follow);
    while (follow) {
        QThread::msleep(kFollowPollMs);
        const qint64 last = qint64(reply.body.value(QLatin1String("last")).toDouble());
        reply = ctx.core().get(logs + QStringLiteral("?lines=%1&after=%2").arg(kMaxLinesPerRequest).arg(last));
        if (!reply.ok())
            return ctx.fail(reply);
        printLines(ctx, id, reply.body.value(QLatin1String("lines")).toArray(), follow);
    }
    return ExitCode::Ok;
}

} // namespace sy::app::commands
