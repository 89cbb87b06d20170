#include "record/routetrace.h"

#include "record/capabilities.h"

#include <QJsonArray>

namespace sy::record {

QJsonObject traceJson(const RouteTrace &d)
{
    QJsonArray steps;
    for (const TraceEntry &e : d.steps) {
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
        case TraceKind::SkipUnreachable:
            step = {{QStringLiteral("step"), QStringLiteral("skip")}, {QStringLiteral("model"), subject},
                    {QStringLiteral("reason"), QStringLiteral("unreachable")},
                    {QStringLiteral("detail"), QStringLiteral("its node does not answer")}};
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
    for (const QByteArray &label : d.chain)
        chain.append(QString::fromUtf8(label));
    return {{QStringLiteral("route"), QLatin1String(d.route)},
            {QStringLiteral("required"), QJsonArray::fromStringList(capabilityNames(d.requiredCaps))},
            {QStringLiteral("promptTokens"), d.promptTokens},
            {QStringLiteral("steps"), steps},
            {QStringLiteral("chain"), chain}};
}

} // namespace sy::record
