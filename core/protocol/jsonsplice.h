#pragma once
// Editing a JSON request body without re-serialising it: replace one value's bytes and
// add top-level fields, leaving every other byte as the client sent it.

#include <QByteArray>
#include <QJsonValue>
#include <utility>
#include <vector>

namespace sy::protocol {

// Top-level fields to add: key and its value as JSON text.
using RawParams = std::vector<std::pair<QByteArray, QByteArray>>;

void appendJsonString(QByteArray &out, QByteArrayView text);
QByteArray jsonString(QByteArrayView text);
// A QJsonValue as compact JSON text (scalars too).
QByteArray rawJson(const QJsonValue &value);

struct Splice {
    qsizetype objectOpen = -1; // offset of the top-level '{' (fields are added after it)
    qsizetype replaceOffset = -1;
    qsizetype replaceLength = 0;
    QByteArray replacement;    // JSON text for the replaced range
    RawParams insert;          // fields to add
};

// The edited body; `body` itself when there is nothing to change (no copy).
QByteArray applySplice(const QByteArray &body, const Splice &splice);

} // namespace sy::protocol
