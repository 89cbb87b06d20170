#pragma once
// Anthropic and Gemini want the turns of a conversation alternating: consecutive messages
// of one role become one turn. Done in one pass (each part appended once), so a request
// with tens of thousands of messages converts in linear time.

#include "protocol/canonical.h"

#include <QJsonArray>
#include <QJsonObject>

namespace sy::protocol {

// `roleOf(message)` names a message's role in the target protocol; `partsOf(message)` gives
// its parts there (a message without any is left out). Each turn is {"role", partsKey: [...]}.
template<typename RoleOf, typename PartsOf>
QJsonArray alternatingTurns(const std::vector<Message> &messages, const QString &partsKey, RoleOf roleOf, PartsOf partsOf)
{
    QJsonArray turns;
    QString role;
    QJsonArray pending;
    auto flush = [&] {
        if (!pending.isEmpty())
            turns.append(QJsonObject{{QStringLiteral("role"), role}, {partsKey, pending}});
        pending = QJsonArray();
    };
    for (const Message &m : messages) {
        const QJsonArray parts = partsOf(m);
        if (parts.isEmpty())
            continue;
        QString next = roleOf(m);
        if (next != role) {
            flush();
            role = std::move(next);
        }
        for (const QJsonValue &p : parts)
            pending.append(p);
    }
    flush();
    return turns;
}

} // namespace sy::protocol
