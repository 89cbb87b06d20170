#pragma once
// What switchyard-sim answers to a chat or completion request: text, or a tool call when
// the request offers tools and the conversation is waiting for one.

#include "simoptions.h"

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
    double tokensPerS = 0; // > 0: the speed reported in "timings", as llama-server does
};

// The answer to an OpenAI-shaped request (a tool message may carry its result's text in
// "tool_output" where the protocol's result is not plain content). Uses the options'
// default length, fixed answer (split into tokens at spaces) and scripted tool calls.
Answer planAnswer(const QJsonObject &request, bool chat, const QString &modelName, const SimOptions &options);

// OpenAI JSON shapes.
QJsonObject usageObject(const Answer &answer);
// llama-server's "timings" member (predicted_per_second), when the answer has a speed.
void addTimings(QJsonObject &response, const Answer &answer);
QJsonObject chatCompletion(const Answer &answer, const QString &id, const QString &model, qint64 created);
QJsonObject textCompletion(const Answer &answer, const QString &id, const QString &model, qint64 created);
// The SSE "data:" payloads of a streamed answer, in order (without [DONE]).
QList<QJsonObject> chatChunks(const Answer &answer, const QString &id, const QString &model, qint64 created,
                              bool includeUsage);
QList<QJsonObject> textChunks(const Answer &answer, const QString &id, const QString &model, qint64 created,
                              bool includeUsage);

} // namespace sim
