// switchyard route MODEL|POLICY [--prompt TEXT]: which models would serve a chat request
// for that name, in which order, and why (the route preview: nothing is called or loaded).

#include "commands/commandfunctions.h"
#include "commands/humanformat.h"
#include "commands/texttable.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sy::app::commands {
namespace {

QString paramsCell(const QJsonObject &params)
{
    QStringList parts;
    for (auto it = params.begin(); it != params.end(); ++it) {
        const QJsonValue v = it.value();
        const QString text = v.isObject() || v.isArray()
                                 ? QString::fromUtf8(v.isObject() ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)
                                                                  : QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact))
                                 : cell(v);
        parts << it.key() + QLatin1Char('=') + text;
    }
    return parts.isEmpty() ? kNone : parts.join(QLatin1Char(' '));
}

QString chainTable(const QJsonArray &chain)
{
    TextTable table({QStringLiteral("#"), QStringLiteral("MODEL"), QStringLiteral("BACKEND"), QStringLiteral("UPSTREAM MODEL"),
                     QStringLiteral("LOADED"), QStringLiteral("BUSY"), QStringLiteral("PARAMS")});
    int n = 0;
    for (const QJsonValue &v : chain) {
        const QJsonObject c = v.toObject();
        const bool managed = c.value(QLatin1String("managed")).toBool();
        table.add({QString::number(++n), cell(c.value(QLatin1String("model"))), cell(c.value(QLatin1String("backend"))),
                   cell(c.value(QLatin1String("upstreamModel"))), managed ? cell(c.value(QLatin1String("warm"))) : kNone,
                   cell(c.value(QLatin1String("load"))), paramsCell(c.value(QLatin1String("params")).toObject())});
    }
    return table.render(QStringLiteral("  "));
}

// The explain trace, a step a line: what matched, what was skipped and why, the scores.
QString traceTable(const QJsonObject &trace)
{
    TextTable table({QStringLiteral("STEP"), QStringLiteral("SUBJECT"), QStringLiteral("DETAIL")});
    for (const QJsonValue &v : trace.value(QLatin1String("steps")).toArray()) {
        const QJsonObject s = v.toObject();
        QString detail = s.value(QLatin1String("detail")).toString();
        if (s.contains(QLatin1String("reason")))
            detail = s.value(QLatin1String("reason")).toString() + (detail.isEmpty() ? QString() : QStringLiteral(": ") + detail);
        if (s.value(QLatin1String("score")).isDouble())
            detail = QStringLiteral("score %1").arg(s.value(QLatin1String("score")).toDouble(), 0, 'f', 3) +
                     (detail.isEmpty() ? QString() : QStringLiteral(", ") + detail);
        const QJsonValue subject = s.contains(QLatin1String("model")) ? s.value(QLatin1String("model")) : s.value(QLatin1String("type"));
        table.add({cell(s.value(QLatin1String("step"))), subject.isUndefined() ? QString() : cell(subject), detail});
    }
    return table.render(QStringLiteral("  "));
}

QString attemptsText(int attempts)
{
    return attempts == 1 ? QStringLiteral("1 attempt") : QStringLiteral("%1 attempts").arg(attempts);
}

} // namespace

ExitCode runRoute(Context &ctx)
{
    if (ctx.positional().size() != 1)
        return ctx.usage(QStringLiteral("route takes one MODEL or POLICY (see switchyard help route)"));
    const QString name = ctx.positional().first();
    const QJsonObject request{{QStringLiteral("model"), name},
                              {QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                                                  {QStringLiteral("content"), ctx.args().value(QStringLiteral("prompt"))}}}}};
    const client::RestReply reply = ctx.core().call("POST", QStringLiteral("/api/v1/route/preview"), QJsonDocument(request).toJson(QJsonDocument::Compact));
    if (!reply.ok())
        return ctx.fail(reply);
    const bool ok = reply.body.value(QLatin1String("ok")).toBool();
    if (ctx.json())
        ctx.printJson(reply.body);
    else if (ok)
        ctx.print(QStringLiteral("%1: route %2, up to %3\n%4Why:\n%5")
                      .arg(name, reply.body.value(QLatin1String("route")).toString(),
                           attemptsText(reply.body.value(QLatin1String("attemptsAllowed")).toInt()))
                      .arg(chainTable(reply.body.value(QLatin1String("chain")).toArray()),
                           traceTable(reply.body.value(QLatin1String("trace")).toObject())));
    if (ok)
        return ExitCode::Ok;
    const QJsonObject error = reply.body.value(QLatin1String("error")).toObject();
    if (!ctx.json())
        ctx.print(QStringLiteral("Why:\n%1").arg(traceTable(reply.body.value(QLatin1String("trace")).toObject())));
    return ctx.fail(ExitCode::Failed, QStringLiteral("nothing would serve %1: %2 (a client would get HTTP %3, %4)")
                                          .arg(name, error.value(QLatin1String("message")).toString())
                                          .arg(error.value(QLatin1String("status")).toInt())
                                          .arg(error.value(QLatin1String("code")).toString()));
}

} // namespace sy::app::commands
