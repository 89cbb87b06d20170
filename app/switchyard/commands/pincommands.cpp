// switchyard pin / unpin: keep a model loaded whatever its idle TTL and the memory budget
// say, or let them apply again.

#include "commands/commandfunctions.h"

namespace sy::app::commands {
namespace {

ExitCode setPinned(Context &ctx, bool pinned)
{
    const QString command = pinned ? QStringLiteral("pin") : QStringLiteral("unpin");
    if (ctx.positional().size() != 1)
        return ctx.usage(QStringLiteral("%1 takes one MODEL (see switchyard help %1)").arg(command));
    const client::RestReply reply = ctx.core().call("POST", client::modelPath(ctx.positional().first(), command));
    if (!reply.ok())
        return ctx.fail(reply);
    if (ctx.json()) {
        ctx.printJson(reply.body);
        return ExitCode::Ok;
    }
    const QString id = reply.body.value(QLatin1String("model")).toObject().value(QLatin1String("id")).toString();
    ctx.print(pinned ? QStringLiteral("%1 is pinned: neither its idle TTL nor the memory budget unloads it\n").arg(id)
                     : QStringLiteral("%1 is no longer pinned: its idle TTL applies again\n").arg(id));
    return ExitCode::Ok;
}

} // namespace

ExitCode runPin(Context &ctx)
{
    return setPinned(ctx, true);
}

ExitCode runUnpin(Context &ctx)
{
    return setPinned(ctx, false);
}

} // namespace sy::app::commands
