// switchyard ps: every model and what it is doing.

#include "commands/commandfunctions.h"
#include "commands/humanformat.h"
#include "commands/texttable.h"

#include <QJsonArray>
#include <algorithm>

namespace sy::app::commands {
namespace {

QString memoryCell(const QJsonObject &m)
{
    QString text = formatBytes(m.value(QLatin1String("rssBytes")).toDouble());
    const double gpu = m.value(QLatin1String("gpuBytes")).toDouble();
    if (gpu > 0)
        text += QStringLiteral(" + %1 GPU").arg(formatBytes(gpu));
    return text;
}

QString ttlCell(const QJsonObject &m)
{
    if (m.value(QLatin1String("pinned")).toBool())
        return QStringLiteral("pinned");
    const QJsonValue left = m.value(QLatin1String("ttlRemainingS"));
    return left.isDouble() ? formatSeconds(qint64(left.toDouble())) : kNone;
}

QString requestsCell(const QJsonObject &m)
{
    const int inFlight = m.value(QLatin1String("inFlight")).toInt();
    const int queued = m.value(QLatin1String("queued")).toInt();
    if (m.value(QLatin1String("kind")).toString() == QLatin1String("remote"))
        return kNone;
    return queued > 0 ? QStringLiteral("%1 +%2 queued").arg(inFlight).arg(queued) : QString::number(inFlight);
}

// Its exclusive group, cooldown and the first line of the last error: what needs a look.
QString noteCell(const QJsonObject &m)
{
    QStringList notes;
    if (const QString group = m.value(QLatin1String("group")).toString(); !group.isEmpty())
        notes << QStringLiteral("group %1").arg(group);
    const QJsonValue cooling = m.value(QLatin1String("cooldownRemainingS"));
    if (cooling.isDouble())
        notes << QStringLiteral("cooling down %1").arg(formatSeconds(qint64(cooling.toDouble())));
    const QString error = m.value(QLatin1String("lastError")).toString().section(QLatin1Char('\n'), 0, 0);
    if (!error.isEmpty())
        notes << (error.size() > 70 ? error.left(69) + QStringLiteral("…") : error);
    return notes.join(QStringLiteral("; "));
}

} // namespace

ExitCode runPs(Context &ctx)
{
    const client::RestReply reply = ctx.core().get(QStringLiteral("/api/v1/models"));
    if (!reply.ok())
        return ctx.fail(reply);
    const QJsonArray models = reply.body.value(QLatin1String("models")).toArray();
    if (ctx.json()) {
        ctx.printJson(reply.body);
        return ExitCode::Ok;
    }
    if (ctx.args().isSet(QStringLiteral("quiet"))) {
        QString ids;
        for (const QJsonValue &v : models)
            ids += v.toObject().value(QLatin1String("id")).toString() + QLatin1Char('\n');
        ctx.print(ids);
        return ExitCode::Ok;
    }
    if (models.isEmpty()) {
        ctx.print(QStringLiteral("No models are configured.\n"));
        return ExitCode::Ok;
    }
    // A NODE column when the pool spans machines (nodes[]): "local" for this one's models.
    const bool spansNodes = std::any_of(models.begin(), models.end(), [](const QJsonValue &v) { return v.toObject().contains(QLatin1String("node")); });
    QStringList header{QStringLiteral("MODEL"), QStringLiteral("STATE"), QStringLiteral("BACKEND"), QStringLiteral("PORT"),
                       QStringLiteral("MEMORY"), QStringLiteral("IDLE TTL"), QStringLiteral("REQUESTS"), QStringLiteral("NOTE")};
    if (spansNodes)
        header.insert(1, QStringLiteral("NODE"));
    TextTable table(header);
    for (const QJsonValue &v : models) {
        const QJsonObject m = v.toObject();
        QStringList row{m.value(QLatin1String("id")).toString(), m.value(QLatin1String("state")).toString(), cell(m.value(QLatin1String("backend"))),
                        cell(m.value(QLatin1String("port"))), memoryCell(m), ttlCell(m), requestsCell(m), noteCell(m)};
        if (spansNodes)
            row.insert(1, m.value(QLatin1String("node")).toString(QStringLiteral("local")));
        table.add(row);
    }
    ctx.print(table.render());
    return ExitCode::Ok;
}

} // namespace sy::app::commands
