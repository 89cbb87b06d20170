// switchyard status: is it running, where, which version, since when, how many models are
// hot, how much memory they take.

#include "commands/commandfunctions.h"
#include "commands/humanformat.h"
#include "commands/texttable.h"

#include <QJsonArray>

namespace sy::app::commands {
namespace {

struct ModelCounts {
    int total = 0;
    int hot = 0; // hot or busy
    int starting = 0;
    int failed = 0;
    int remote = 0;

    QJsonObject json() const
    {
        return {{QStringLiteral("total"), total}, {QStringLiteral("hot"), hot}, {QStringLiteral("starting"), starting},
                {QStringLiteral("failed"), failed}, {QStringLiteral("remote"), remote}};
    }
};

ModelCounts countModels(const QJsonArray &models)
{
    ModelCounts c;
    for (const QJsonValue &v : models) {
        const QString state = v.toObject().value(QLatin1String("state")).toString();
        ++c.total;
        c.hot += state == QLatin1String("hot") || state == QLatin1String("busy");
        c.starting += state == QLatin1String("starting");
        c.failed += state == QLatin1String("failed");
        c.remote += state == QLatin1String("remote");
    }
    return c;
}

QString modelsLine(const ModelCounts &c)
{
    QStringList more;
    if (c.starting)
        more << QStringLiteral("%1 starting").arg(c.starting);
    if (c.failed)
        more << QStringLiteral("%1 failed").arg(c.failed);
    if (c.remote)
        more << QStringLiteral("%1 remote").arg(c.remote);
    return QStringLiteral("%1 hot of %2").arg(c.hot).arg(c.total) +
           (more.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(more.join(QStringLiteral(", "))));
}

QString memoryLine(const QJsonObject &system)
{
    const QJsonObject memory = system.value(QLatin1String("memory")).toObject();
    if (memory.value(QLatin1String("totalBytes")).toDouble() <= 0) // the first sample is taken off the core's thread
        return QStringLiteral("not measured yet");
    QString line = QStringLiteral("%1 used by models; %2 available of %3")
                       .arg(formatBytes(memory.value(QLatin1String("modelsBytes")).toDouble()),
                            formatBytes(memory.value(QLatin1String("availableBytes")).toDouble()),
                            formatBytes(memory.value(QLatin1String("totalBytes")).toDouble()));
    if (system.value(QLatin1String("budgetBytes")).isDouble())
        line += QStringLiteral("; budget %1").arg(formatBytes(system.value(QLatin1String("budgetBytes")).toDouble()));
    return line;
}

QString ollamaLine(const QJsonArray &backends)
{
    QStringList parts;
    for (const QJsonValue &v : backends) {
        const QJsonObject o = v.toObject();
        parts << QStringLiteral("%1 %2").arg(o.value(QLatin1String("backend")).toString(),
                                             o.value(QLatin1String("reachable")).toBool()
                                                 ? QStringLiteral("reachable, %1 models").arg(o.value(QLatin1String("models")).toInt())
                                                 : QStringLiteral("not reachable"));
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace

ExitCode runStatus(Context &ctx)
{
    CoreConnection &core = ctx.core();
    // /health first: it needs no token, so "not running" and "wrong token" are told apart.
    const client::RestReply health = core.get(QStringLiteral("/health"));
    if (!health.ok())
        return ctx.fail(health);
    if (health.body.value(QLatin1String("status")) != QLatin1String("ok") || !health.body.value(QLatin1String("version")).isString())
        return ctx.fail(ExitCode::NotRunning, QStringLiteral("something answers at %1, but not a Switchyard (its /health is not Switchyard's)")
                                                  .arg(core.address().url.toString(QUrl::RemoveUserInfo)));
    const client::RestReply system = core.get(QStringLiteral("/api/v1/system"));
    if (!system.ok())
        return ctx.fail(system);
    const client::RestReply models = core.get(QStringLiteral("/api/v1/models"));
    if (!models.ok())
        return ctx.fail(models);

    const QString endpoint = core.address().url.toString(QUrl::RemoveUserInfo);
    const ModelCounts counts = countModels(models.body.value(QLatin1String("models")).toArray());
    const QString version = health.body.value(QLatin1String("version")).toString();
    const qint64 uptimeS = qint64(health.body.value(QLatin1String("uptimeS")).toDouble());
    if (ctx.json()) {
        ctx.printJson({{QStringLiteral("endpoint"), endpoint},
                       {QStringLiteral("version"), version},
                       {QStringLiteral("uptimeS"), double(uptimeS)},
                       {QStringLiteral("models"), counts.json()},
                       {QStringLiteral("system"), system.body}});
        return ExitCode::Ok;
    }
    TextTable table({QStringLiteral("Switchyard"), QStringLiteral("running")});
    table.add({QStringLiteral("Endpoint"), QStringLiteral("%1 (OpenAI base URL %1/v1)").arg(endpoint)});
    table.add({QStringLiteral("Version"), version});
    table.add({QStringLiteral("Uptime"), formatSeconds(uptimeS)});
    table.add({QStringLiteral("Models"), modelsLine(counts)});
    table.add({QStringLiteral("Memory"), memoryLine(system.body)});
    const QJsonObject gpu = system.body.value(QLatin1String("gpu")).toObject();
    if (!gpu.isEmpty())
        table.add({QStringLiteral("GPU"), QStringLiteral("%1 used of %2").arg(formatBytes(gpu.value(QLatin1String("usedBytes")).toDouble()),
                                                                             formatBytes(gpu.value(QLatin1String("totalBytes")).toDouble()))});
    const QJsonArray ollama = system.body.value(QLatin1String("ollama")).toArray();
    if (!ollama.isEmpty())
        table.add({QStringLiteral("Ollama"), ollamaLine(ollama)});
    if (system.body.value(QLatin1String("demo")).toBool())
        table.add({QStringLiteral("Demo"), QStringLiteral("the built-in demo pool of simulated models")});
    ctx.print(table.render());
    return ExitCode::Ok;
}

} // namespace sy::app::commands
