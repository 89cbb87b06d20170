// switchyard requests [--failed] [-n N]: the latest requests from the history, newest first.

#include "commands/commandfunctions.h"
#include "commands/humanformat.h"
#include "commands/texttable.h"

#include <QJsonArray>

namespace sy::app::commands {
namespace {

QString tokensCell(const QJsonObject &r)
{
    const QJsonValue in = r.value(QLatin1String("tokensIn"));
    const QJsonValue out = r.value(QLatin1String("tokensOut"));
    if (!in.isDouble() && !out.isDouble())
        return kNone;
    return QStringLiteral("%1/%2").arg(cell(in), cell(out));
}

QString errorCell(const QJsonObject &r)
{
    const QString error = r.value(QLatin1String("error")).toString().section(QLatin1Char('\n'), 0, 0);
    return error.size() > 80 ? error.left(79) + QStringLiteral("…") : error;
}

} // namespace

ExitCode runRequests(Context &ctx)
{
    const std::optional<int> count = ctx.intOption(QStringLiteral("n"), 1, 500, 20);
    if (!count)
        return ExitCode::Usage;
    QString path = QStringLiteral("/api/v1/requests?limit=%1").arg(*count);
    if (ctx.args().isSet(QStringLiteral("failed")))
        path += QStringLiteral("&status=error");
    const client::RestReply reply = ctx.core().get(path);
    if (!reply.ok())
        return ctx.fail(reply);
    if (ctx.json()) {
        ctx.printJson(reply.body);
        return ExitCode::Ok;
    }
    const QJsonArray requests = reply.body.value(QLatin1String("requests")).toArray();
    if (requests.isEmpty()) {
        ctx.print(ctx.args().isSet(QStringLiteral("failed")) ? QStringLiteral("No failed requests.\n") : QStringLiteral("No requests yet.\n"));
        return ExitCode::Ok;
    }
    TextTable table({QStringLiteral("TIME"), QStringLiteral("ID"), QStringLiteral("CLIENT"), QStringLiteral("REQUESTED"), QStringLiteral("MODEL"), QStringLiteral("ROUTE"),
                     QStringLiteral("STATUS"), QStringLiteral("LATENCY"), QStringLiteral("TOKENS"), QStringLiteral("ERROR")});
    for (const QJsonValue &v : requests) {
        const QJsonObject r = v.toObject();
        const QJsonValue latency = r.value(QLatin1String("latencyMs"));
        table.add({formatClock(qint64(r.value(QLatin1String("startedMs")).toDouble())), cell(r.value(QLatin1String("id"))),
                   cell(r.value(QLatin1String("clientName"))), cell(r.value(QLatin1String("requested"))), cell(r.value(QLatin1String("model"))), cell(r.value(QLatin1String("route"))),
                   cell(r.value(QLatin1String("status"))), latency.isDouble() ? formatMs(latency.toDouble()) : kNone, tokensCell(r),
                   errorCell(r)});
    }
    QString text = table.render();
    const int total = reply.body.value(QLatin1String("total")).toInt();
    if (total > requests.size())
        text += QStringLiteral("(%1 of %2; -n shows more)\n").arg(requests.size()).arg(total);
    ctx.print(text);
    return ExitCode::Ok;
}

} // namespace sy::app::commands
