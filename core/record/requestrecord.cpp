#include "record/requestrecord.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sy::record {
namespace {

QJsonValue orNull(const QByteArray &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromUtf8(s));
}

QJsonValue orNull(double v)
{
    return v < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(v);
}

} // namespace

QJsonObject RequestRecord::toJson(bool withTrace) const
{
    QJsonArray chainJson;
    for (const QByteArray &c : chain)
        chainJson.append(QString::fromUtf8(c));
    QJsonArray attemptsJson;
    for (const AttemptSummary &a : attempts) {
        QJsonObject attempt{{QStringLiteral("model"), QString::fromUtf8(a.model)},
                                        {QStringLiteral("backend"), QString::fromUtf8(a.backend)},
                                        {QStringLiteral("outcome"), QString::fromUtf8(a.outcome)},
                                        {QStringLiteral("trigger"), orNull(a.trigger)},
                                        {QStringLiteral("error"), a.error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(a.error)},
                                        {QStringLiteral("status"), a.status ? QJsonValue(a.status) : QJsonValue(QJsonValue::Null)},
                                        {QStringLiteral("latencyMs"), a.latencyMs}};
        if (!a.params.isEmpty())
            attempt.insert(QStringLiteral("params"), QJsonDocument::fromJson(a.params).object());
        attemptsJson.append(attempt);
    }
    QJsonObject o{{QStringLiteral("id"), QString::fromUtf8(id)},
                  {QStringLiteral("startedMs"), startedMs},
                  {QStringLiteral("client"), client},
                  {QStringLiteral("inbound"), QString::fromUtf8(inbound)},
                  {QStringLiteral("endpoint"), QString::fromUtf8(endpoint)},
                  {QStringLiteral("requested"), QString::fromUtf8(requested)},
                  {QStringLiteral("route"), QString::fromUtf8(routeMode)},
                  {QStringLiteral("chain"), chainJson},
                  {QStringLiteral("attempts"), attemptsJson},
                  {QStringLiteral("model"), orNull(model)},
                  {QStringLiteral("backend"), orNull(backend)},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("stream"), stream},
                  {QStringLiteral("latencyMs"), latencyMs},
                  {QStringLiteral("ttftMs"), orNull(ttftMs)},
                  {QStringLiteral("tokensIn"), tokensIn < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(tokensIn)},
                  {QStringLiteral("tokensOut"), tokensOut < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(tokensOut)},
                  {QStringLiteral("error"), error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(error)}};
    if (!partialOutput.isEmpty())
        o.insert(QStringLiteral("partialOutput"), QString::fromUtf8(partialOutput));
    if (withTrace && trace)
        o.insert(QStringLiteral("trace"), traceJson(*trace));
    return o;
}

} // namespace sy::record
