#pragma once
// A finished request's record in a compact binary form. The core thread appends it to the
// history's queue: one append into a reused buffer, where a copied RequestRecord cost the
// history thread a free per field, each taking the core thread's malloc arena lock. A
// history row keeps the record in this form; its JSON is written only when it is read.

#include "record/requestrecord.h"

#include <QByteArrayView>
#include <optional>
#include <string>

namespace sy::record {

// One queued record: the row's record bytes, its encoded trace and a kept response, with
// the fields the history has columns for, all pointing into the queue's bytes.
struct EncodedRecord {
    QByteArrayView record; // decodeRecord reads these (the row's record column)
    QByteArrayView trace;  // encodeTrace's bytes; empty: no trace
    QByteArrayView storedResponseId;
    QByteArrayView storedResponse;
    QByteArrayView storedInputItems;
    qint64 startedUs = 0;
    int status = 0;
    QByteArrayView id, inbound, requested, routeMode, model, backend, error, clientName;
};

// Appends the record, its trace and its kept response to `queue`.
void appendEncoded(const RequestRecord &r, std::string &queue);
// The entry at *at in `queue`, moving *at past it; nullopt when the bytes there are not one.
std::optional<EncodedRecord> takeEncoded(QByteArrayView queue, qsizetype *at);

// Whether a stored record is in this form (rows written before it hold JSON text).
bool isEncodedRecord(QByteArrayView bytes);
// The record back from EncodedRecord::record's bytes, without trace or kept response;
// nullopt when the bytes are not one.
std::optional<RequestRecord> decodeRecord(QByteArrayView bytes);

} // namespace sy::record
