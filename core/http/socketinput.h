#pragma once
// Reading what a socket has buffered onto the end of a connection's input.

#include <QByteArray>
#include <QIODevice>

namespace sy::http {

// Appends everything `device` has buffered to `input`, reading straight into the array's
// spare room: QIODevice::readAll() would allocate an array per call for the append to copy
// and free, twice per proxied request. `input` keeps its capacity across requests.
inline void appendAvailable(QIODevice &device, QByteArray &input)
{
    const qint64 available = device.bytesAvailable();
    if (available <= 0)
        return;
    const qsizetype before = input.size();
    input.resize(before + qsizetype(available));
    const qint64 read = device.read(input.data() + before, available);
    input.resize(before + qsizetype(read > 0 ? read : 0));
}

} // namespace sy::http
