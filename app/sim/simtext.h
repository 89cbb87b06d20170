#pragma once
// Deterministic output for switchyard-sim: the same prompt always yields the same text,
// tool call and embedding, so tests can compare exact results.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

namespace sim {

quint64 fnv1a(QByteArrayView data);

// `count` words chosen by `seed`.
QStringList words(quint64 seed, int count);

// A rough token count, as a tokenizer would give for English text.
int approximateTokens(const QString &text);

// Arguments for a function call that satisfy its JSON-schema "parameters" (required and
// listed properties get deterministic values of their type).
QJsonObject argumentsFor(const QJsonObject &parameters, quint64 seed);

// A unit-length vector of `dims` floats.
std::vector<float> embedding(QByteArrayView text, int dims);

// How relevant a document is to a query, 0 to 1: the share of the query's words (letters and
// digits, any case) that the document holds, so tests know which document ranks first.
double relevance(const QString &query, const QString &document);

} // namespace sim
