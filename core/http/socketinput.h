#pragma once
// Reading what a socket has onto the end of a connection's input.

#include <QAbstractSocket>
#include <QByteArray>

#include <algorithm>

namespace sy::http {

enum class SocketRead { Open, Closed };

// Appends to `input`, at most about `maxBytes`, what `readSome(into, room)` gives: the bytes
// it read, 0 when there are none now, -1 when the peer is gone. Reads straight into the
// array's spare room (`input` keeps its capacity across requests) and stops at the first
// short read, so a small message costs one system call.
template<typename ReadSome>
SocketRead appendReads(QByteArray &input, qint64 maxBytes, ReadSome readSome)
{
    constexpr qsizetype kMinSpare = 16 * 1024;
    qint64 total = 0;
    while (total < maxBytes) {
        const qsizetype before = input.size();
        if (input.capacity() - before < kMinSpare)
            input.reserve(before + std::max(kMinSpare, before)); // doubles a large input
        const qsizetype spare = qsizetype(std::min<qint64>(input.capacity() - before, maxBytes - total));
        input.resize(before + spare);
        const qint64 read = readSome(input.data() + before, qint64(spare));
        input.resize(before + qsizetype(read > 0 ? read : 0));
        if (read < 0)
            return SocketRead::Closed;
        total += read;
        if (read < spare)
            break; // the kernel had no more
    }
    return SocketRead::Open;
}

// Appends what `socket` has to `input`, at most about `maxBytes`.
//
// A socket opened QIODevice::Unbuffered is read from the kernel directly (appendReads): Qt's
// buffered socket asks the kernel for the count first (ioctl FIONREAD), copies into its ring
// buffer and frees it again, for every read. An unbuffered socket's end (or a reset) shows
// as a failed read, which Qt does not signal: the result says Closed, and the caller treats
// it as the disconnect.
// A buffered socket (TLS) gives what Qt has buffered; Qt signals its end itself.
inline SocketRead appendAvailable(QAbstractSocket &socket, QByteArray &input, qint64 maxBytes)
{
    if (!socket.openMode().testFlag(QIODevice::Unbuffered)) {
        const qint64 available = socket.bytesAvailable();
        if (available <= 0)
            return SocketRead::Open;
        const qsizetype before = input.size();
        input.resize(before + qsizetype(available));
        const qint64 read = socket.read(input.data() + before, available);
        input.resize(before + qsizetype(read > 0 ? read : 0));
        return SocketRead::Open;
    }
    return appendReads(input, maxBytes, [&socket](char *into, qint64 room) { return socket.read(into, room); });
}

} // namespace sy::http
