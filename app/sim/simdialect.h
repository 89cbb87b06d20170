#pragma once
// The sim as an Anthropic, Gemini or Responses backend: their requests read into the OpenAI shape
// the answer planner takes, and the answer written in their response and stream formats.
// Written apart from Switchyard's own adapters, so tests check one against the other.

#include "simanswer.h"

#include <QByteArrayList>
#include <QJsonObject>

namespace sim {

enum class Dialect { OpenAIChat, OpenAICompletion, OpenAIEmbedding, OpenAIRerank, OpenAIResponses, Anthropic, Gemini, None };

struct Route {
    Dialect dialect = Dialect::None;
    bool stream = false;   // Gemini: streamGenerateContent (others say it in the body)
    bool sse = true;       // Gemini: ?alt=sse
    QString model;         // Gemini: from the path
};

Route routeFor(const QByteArray &path, const QByteArray &query);

// What is wrong with a request, in the dialect's terms (empty: nothing).
QString validate(Dialect dialect, const QJsonObject &body, const QByteArray &anthropicVersion);

// The request as the OpenAI-shaped object planAnswer() reads.
QJsonObject asOpenAiRequest(Dialect dialect, const QJsonObject &body);
bool wantsStream(const Route &route, const QJsonObject &body);

QByteArray errorBody(Dialect dialect, int status, const QString &message);

QByteArray anthropicMessage(const Answer &answer, const QString &id, const QString &model);
QByteArrayList anthropicEvents(const Answer &answer, const QString &id, const QString &model);
QByteArray geminiResponse(const Answer &answer, const QString &model);
// SSE events, or pieces of one JSON array ("[{...}", ",\r\n{...}"; "]" closes it).
QByteArrayList geminiChunks(const Answer &answer, const QString &model, bool sse);

} // namespace sim
