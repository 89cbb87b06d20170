#pragma once
// The sim as an OpenAI Responses API backend (/v1/responses): input items read into the
// OpenAI chat shape the answer planner takes, the answer written as a response object or as
// its event stream. Written apart from Switchyard's own codec, so tests check one against
// the other.

#include "simanswer.h"

#include <QByteArrayList>
#include <QJsonObject>

namespace sim {

// What is wrong with a Responses request (empty: nothing).
QString validateResponses(const QJsonObject &body);

QJsonObject fromResponses(const QJsonObject &body);

QByteArray responseObject(const Answer &answer, const QString &id, const QString &model, qint64 createdAt);
// The SSE events of a streamed response, from response.created to response.completed.
QByteArrayList responseEvents(const Answer &answer, const QString &id, const QString &model, qint64 createdAt);

} // namespace sim
