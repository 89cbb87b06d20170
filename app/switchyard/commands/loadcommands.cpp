// switchyard load / unload: start or stop a model, and (unless --no-wait) wait until it is
// hot or cold, so that a script can go on with a model that is ready.

#include "commands/commandfunctions.h"
#include "commands/humanformat.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QThread>

namespace sy::app::commands {
namespace {

constexpr unsigned long kPollMs = 250;

QString stateOf(const QJsonObject &model)
{
    return model.value(QLatin1String("state")).toString();
}

bool isHot(const QString &state)
{
    return state == QLatin1String("hot") || state == QLatin1String("busy");
}

// How a wait ended: the model as last seen, or the failed reply; `gone` when the model went
// away (an Ollama model Ollama no longer lists, which counts as unloaded).
struct Waited {
    QJsonObject model;
    std::optional<client::RestReply> failed;
    bool gone = false;
    bool timedOut = false;
};

// Polls the model until `settled` says it is done, it fails or goes away, or the timeout.
template<typename Settled>
Waited waitFor(Context &ctx, const QString &id, std::optional<int> timeoutS, Settled settled)
{
    QElapsedTimer timer;
    timer.start();
    Waited w;
    for (;;) {
        const client::RestReply reply = ctx.core().get(client::modelPath(id));
        if (!reply.ok()) {
            if (reply.errorCode() == QLatin1String("model_not_found"))
                w.gone = true;
            else
                w.failed = reply;
            return w;
        }
        w.model = reply.body.value(QLatin1String("model")).toObject();
        if (settled(w.model))
            return w;
        if (timeoutS && timer.elapsed() >= qint64(*timeoutS) * 1000) {
            w.timedOut = true;
            return w;
        }
        QThread::msleep(kPollMs);
    }
}

std::optional<int> timeoutOption(Context &ctx)
{
    if (!ctx.args().isSet(QStringLiteral("timeout")))
        return std::nullopt;
    return ctx.intOption(QStringLiteral("timeout"), 1, 24 * 3600, 0);
}

QString hotText(const QJsonObject &m, qint64 tookMs)
{
    QString where;
    if (m.value(QLatin1String("port")).isDouble())
        where = QStringLiteral(" on port %1 (pid %2)").arg(m.value(QLatin1String("port")).toInt()).arg(cell(m.value(QLatin1String("pid"))));
    return QStringLiteral("%1 is hot%2, after %3\n").arg(m.value(QLatin1String("id")).toString(), where, formatMs(double(tookMs)));
}

// The model id a command names, or a usage error.
std::optional<QString> oneModel(Context &ctx, const QString &command)
{
    const QStringList args = ctx.positional();
    if (args.size() != 1) {
        ctx.usage(QStringLiteral("%1 takes one MODEL (see switchyard help %1)").arg(command));
        return std::nullopt;
    }
    return args.first();
}

// Asks for `id` to be unloaded; answers the model as the answer shows it, or nothing after
// reporting the failure in `result`.
std::optional<QJsonObject> requestUnload(Context &ctx, const QString &id, ExitCode &result)
{
    const client::RestReply reply = ctx.core().call("POST", client::modelPath(id, QStringLiteral("unload")));
    if (reply.ok())
        return reply.body.value(QLatin1String("model")).toObject();
    const ExitCode code = ctx.fail(reply);
    if (result == ExitCode::Ok)
        result = code;
    return std::nullopt;
}

// Waits until the model is cold; answers it as last seen, or nothing after reporting why not.
std::optional<QJsonObject> waitUntilCold(Context &ctx, const QJsonObject &model, std::optional<int> timeoutS, ExitCode &result)
{
    const QString name = model.value(QLatin1String("id")).toString();
    const Waited w = waitFor(ctx, name, timeoutS, [](const QJsonObject &m) {
        const QString state = stateOf(m);
        return state == QLatin1String("cold") || state == QLatin1String("failed");
    });
    ExitCode code = ExitCode::Ok;
    if (w.failed)
        code = ctx.fail(*w.failed);
    else if (w.timedOut)
        code = ctx.fail(ExitCode::Failed, QStringLiteral("%1 is still %2 after %3 s").arg(name, stateOf(w.model)).arg(*timeoutS));
    if (code == ExitCode::Ok)
        return w.gone ? model : w.model;
    if (result == ExitCode::Ok)
        result = code;
    return std::nullopt;
}

} // namespace

ExitCode runLoad(Context &ctx)
{
    const std::optional<QString> id = oneModel(ctx, QStringLiteral("load"));
    if (!id)
        return ExitCode::Usage;
    const std::optional<int> timeoutS = timeoutOption(ctx);
    if (ctx.args().isSet(QStringLiteral("timeout")) && !timeoutS)
        return ExitCode::Usage;
    QElapsedTimer took;
    took.start();
    const client::RestReply reply = ctx.core().call("POST", client::modelPath(*id, QStringLiteral("load")));
    if (!reply.ok())
        return ctx.fail(reply);
    const QJsonObject model = reply.body.value(QLatin1String("model")).toObject();
    const QString name = model.value(QLatin1String("id")).toString();
    if (ctx.args().isSet(QStringLiteral("no-wait"))) {
        if (ctx.json())
            ctx.printJson(reply.body);
        else
            ctx.print(QStringLiteral("loading %1 (%2 now)\n").arg(name, stateOf(model)));
        return ExitCode::Ok;
    }
    bool started = false;
    const Waited w = waitFor(ctx, name, timeoutS, [&started](const QJsonObject &m) {
        const QString state = stateOf(m);
        started = started || state == QLatin1String("starting");
        // Cold again after starting: it was unloaded (or its start given up) before it was ready.
        return isHot(state) || state == QLatin1String("failed") || (started && state == QLatin1String("cold"));
    });
    if (w.failed)
        return ctx.fail(*w.failed);
    if (w.gone)
        return ctx.fail(ExitCode::NotFound, QStringLiteral("%1 went away while it was loading").arg(name));
    if (ctx.json())
        ctx.printJson({{QStringLiteral("model"), w.model}});
    if (w.timedOut)
        return ctx.fail(ExitCode::Failed, QStringLiteral("%1 is still %2 after %3 s").arg(name, stateOf(w.model)).arg(*timeoutS));
    const QString state = stateOf(w.model);
    if (state == QLatin1String("failed"))
        return ctx.fail(ExitCode::Failed, QStringLiteral("%1 failed to load: %2").arg(name, w.model.value(QLatin1String("lastError")).toString()));
    if (!isHot(state))
        return ctx.fail(ExitCode::Failed, QStringLiteral("%1 was unloaded before it was ready").arg(name));
    if (!ctx.json())
        ctx.print(hotText(w.model, took.elapsed()));
    return ExitCode::Ok;
}

ExitCode runUnload(Context &ctx)
{
    const bool all = ctx.args().isSet(QStringLiteral("all"));
    const QStringList args = ctx.positional();
    if (all == !args.isEmpty() || args.size() > 1)
        return ctx.usage(QStringLiteral("unload takes one MODEL, or --all (see switchyard help unload)"));
    const std::optional<int> timeoutS = timeoutOption(ctx);
    if (ctx.args().isSet(QStringLiteral("timeout")) && !timeoutS)
        return ExitCode::Usage;
    const bool wait = !ctx.args().isSet(QStringLiteral("no-wait"));

    QStringList ids = args;
    if (all) {
        const client::RestReply reply = ctx.core().get(QStringLiteral("/api/v1/models"));
        if (!reply.ok())
            return ctx.fail(reply);
        for (const QJsonValue &v : reply.body.value(QLatin1String("models")).toArray()) {
            const QString state = stateOf(v.toObject());
            if (isHot(state) || state == QLatin1String("starting"))
                ids << v.toObject().value(QLatin1String("id")).toString();
        }
        if (ids.isEmpty() && !ctx.json())
            ctx.print(QStringLiteral("No model is loaded.\n"));
    }
    // Ask for all first (they stop side by side), then wait for each; the first failure
    // decides the exit status.
    ExitCode result = ExitCode::Ok;
    QElapsedTimer took;
    took.start();
    std::vector<QJsonObject> stopping;
    QJsonArray unloaded;
    for (const QString &id : ids) {
        const std::optional<QJsonObject> model = requestUnload(ctx, id, result);
        if (!model)
            continue;
        const QString name = model->value(QLatin1String("id")).toString();
        if (stateOf(*model) == QLatin1String("cold")) {
            if (!ctx.json())
                ctx.print(QStringLiteral("%1 is not loaded\n").arg(name));
            unloaded.append(*model);
        } else if (!wait) {
            if (!ctx.json())
                ctx.print(QStringLiteral("unloading %1\n").arg(name));
            unloaded.append(*model);
        } else {
            stopping.push_back(*model);
        }
    }
    for (const QJsonObject &model : stopping) {
        if (const std::optional<QJsonObject> cold = waitUntilCold(ctx, model, timeoutS, result)) {
            unloaded.append(*cold);
            if (!ctx.json())
                ctx.print(QStringLiteral("%1 unloaded, after %2\n").arg(cold->value(QLatin1String("id")).toString(), formatMs(double(took.elapsed()))));
        }
    }
    if (ctx.json())
        ctx.printJson({{QStringLiteral("unloaded"), unloaded}});
    return result;
}

} // namespace sy::app::commands
