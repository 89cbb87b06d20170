#pragma once
// What switchyard-sim answers to a chat or completion request: text, or a tool call when
// the request offers tools and the conversation is waiting for one.

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace sim {

struct Answer {
    QStringList tokens;   // text pieces, in order
    QString toolName;     // set: the answer is a tool call
    QString toolCallId;
    QString toolArguments; // JSON text
    QString finishReason;  // stop | length | tool_calls
    int promptTokens = 0;
    int completionTokens = 0;
};

// `fixed`: answer exactly this text (split into tokens at spaces) instead of generated words.
Answer planAnswer(const QJsonObject &request, bool chat, const QString &modelName, int defaultTokens,
                  const QString &fixed = {});

// OpenAI JSON shapes.
QJsonObject usageObject(const Answer &answer);
QJsonObject chatCompletion(const Answer &answer, const QString &id, const QString &model, qint64 created);
QJsonObject textCompletion(const Answer &answer, const QString &id, const QString &model, qint64 created);
// The SSE "data:" payloads of a streamed answer, in order (without [DONE]).
QList<QJsonObject> chatChunks(const Answer &answer, const QString &id, const QString &model, qint64 created,
                              bool includeUsage);
QList<QJsonObject> textChunks(const Answer &answer, const QString &id, const QString &model, qint64 created,
                              bool includeUsage);

} // namespace sim
