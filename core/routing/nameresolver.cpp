#include "routing/nameresolver.h"

#include "routing/routetable.h"

#include <QJsonArray>

namespace sy::routing {

const char *routeModeName(RouteMode mode)
{
    switch (mode) {
    case RouteMode::Model: return "model";
    case RouteMode::ModelMapping: return "model_mapping";
    case RouteMode::Prefix: return "prefix";
    case RouteMode::Agent: return "agent";
    case RouteMode::Pool: return "pool";
    case RouteMode::Mode: return "mode";
    case RouteMode::Capability: return "capability";
    case RouteMode::Auto: return "auto";
    case RouteMode::Default: return "default";
    case RouteMode::Failed: return "failed";
    }
    return "failed";
}

namespace {

Candidate configured(const RouteTable &table, int model)
{
    const ModelEntry &m = table.models()[std::size_t(model)];
    Candidate c;
    c.model = model;
    c.backend = m.backend;
    c.upstreamModel = m.upstreamModel;
    c.label = m.id;
    return c;
}

Candidate passThrough(const RouteTable &table, int backend, QByteArrayView upstreamModel)
{
    Candidate c;
    c.backend = backend;
    c.upstreamModel = upstreamModel.toByteArray();
    c.label = table.backends()[std::size_t(backend)].id + ':' + c.upstreamModel;
    return c;
}

} // namespace

bool resolveName(const RouteTable &table, QByteArrayView name, std::vector<Candidate> &out, RouteMode *mode)
{
    if (const int model = table.findModel(name); model >= 0) {
        out.push_back(configured(table, model));
        *mode = RouteMode::Model;
        return true;
    }
    if (const std::vector<int> *members = table.balanceSet(name)) {
        for (int model : *members)
            out.push_back(configured(table, model));
        *mode = RouteMode::Model;
        return true;
    }
    const QByteArray key = QByteArray::fromRawData(name.data(), name.size());
    const std::size_t before = out.size();
    for (int b = 0; b < int(table.backends().size()); ++b) {
        const BackendEntry &backend = table.backends()[std::size_t(b)];
        const auto it = backend.modelMapping.constFind(key);
        if (it == backend.modelMapping.constEnd())
            continue;
        // A mapping onto a configured model of the same backend inherits its settings.
        const int model = table.findModel(*it);
        if (model >= 0 && table.models()[std::size_t(model)].backend == b)
            out.push_back(configured(table, model));
        else
            out.push_back(passThrough(table, b, *it));
    }
    if (out.size() > before) {
        *mode = RouteMode::ModelMapping;
        return true;
    }
    if (const int b = table.findPrefix(name); b >= 0) {
        out.push_back(passThrough(table, b, name.sliced(table.backends()[std::size_t(b)].prefix.size())));
        *mode = RouteMode::Prefix;
        return true;
    }
    return false;
}

QJsonObject traceJson(const RouteDecision &d)
{
    QJsonArray steps;
    for (const TraceEntry &e : d.trace) {
        const QString subject = QString::fromUtf8(e.subject);
        const QString note = QString::fromUtf8(e.note);
        QJsonObject step;
        switch (e.kind) {
        case TraceKind::Matched:
            step = {{QStringLiteral("step"), subject}, {QStringLiteral("detail"), note}};
            break;
        case TraceKind::Candidate:
            step = {{QStringLiteral("step"), QStringLiteral("candidate")}, {QStringLiteral("model"), subject}, {QStringLiteral("detail"), note}};
            break;
        case TraceKind::SkipCapability:
            step = {{QStringLiteral("step"), QStringLiteral("skip")}, {QStringLiteral("model"), subject},
                    {QStringLiteral("reason"), QStringLiteral("capability")},
                    {QStringLiteral("detail"), QStringLiteral("lacks %1").arg(capabilityNames(e.caps).join(QStringLiteral(", ")))}};
            break;
        case TraceKind::SkipEmbedding:
            step = {{QStringLiteral("step"), QStringLiteral("skip")}, {QStringLiteral("model"), subject},
                    {QStringLiteral("reason"), QStringLiteral("capability")},
                    {QStringLiteral("detail"), QStringLiteral("an embedding model: it does not generate text")}};
            break;
        case TraceKind::SkipContext:
            step = {{QStringLiteral("step"), QStringLiteral("skip")}, {QStringLiteral("model"), subject},
                    {QStringLiteral("reason"), QStringLiteral("context")},
                    {QStringLiteral("detail"), QStringLiteral("~%1 prompt tokens exceed its %2-token context").arg(d.promptTokens).arg(e.value)}};
            break;
        case TraceKind::SkipCooldown:
            step = {{QStringLiteral("step"), QStringLiteral("skip")}, {QStringLiteral("model"), subject},
                    {QStringLiteral("reason"), QStringLiteral("cooldown")},
                    {QStringLiteral("detail"), QStringLiteral("cooling down for %1 s more after repeated failures").arg(qint64(e.value))}};
            break;
        case TraceKind::SkipDuplicate:
            step = {{QStringLiteral("step"), QStringLiteral("skip")}, {QStringLiteral("model"), subject},
                    {QStringLiteral("reason"), QStringLiteral("duplicate")}};
            break;
        case TraceKind::Warm:
            step = {{QStringLiteral("step"), QStringLiteral("prefer_warm")}, {QStringLiteral("model"), subject},
                    {QStringLiteral("detail"), QStringLiteral("loaded, so ahead of cold ones")}};
            break;
        case TraceKind::Task:
            step = {{QStringLiteral("step"), QStringLiteral("task")}, {QStringLiteral("type"), subject}, {QStringLiteral("score"), e.value}};
            break;
        case TraceKind::Score:
            step = {{QStringLiteral("step"), QStringLiteral("score")}, {QStringLiteral("model"), subject}, {QStringLiteral("score"), e.value}};
            if (!note.isEmpty())
                step.insert(QStringLiteral("detail"), note);
            break;
        case TraceKind::Note:
            step = {{QStringLiteral("step"), QStringLiteral("note")}, {QStringLiteral("detail"), note}};
            break;
        }
        steps.append(step);
    }
    QJsonArray chain;
    for (const Candidate &c : d.chain)
        chain.append(QString::fromUtf8(c.label));
    return {{QStringLiteral("route"), QLatin1String(routeModeName(d.mode))},
            {QStringLiteral("required"), QJsonArray::fromStringList(capabilityNames(d.requiredCaps))},
            {QStringLiteral("promptTokens"), d.promptTokens},
            {QStringLiteral("steps"), steps},
            {QStringLiteral("chain"), chain}};
}

} // namespace sy::routing
