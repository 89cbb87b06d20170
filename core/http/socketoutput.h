#pragma once
// Writing to a socket past Qt's write buffer.

#include <QAbstractSocket>
#include <QByteArrayView>
#include <sys/socket.h>
#include <sys/uio.h>

namespace sy::http {

// Hands `first`, then `second`, to the kernel in one non-blocking system call and returns how
// many bytes it took: 0 when the socket still has bytes queued (these would overtake them) or
// on an error. The caller writes the rest through the socket, which queues it, sends it when
// it can and reports a failure. (Qt's buffered write copies everything into its ring buffer
// and arms a write notifier first, ~1.6k instructions a response.) Plain TCP only: a TLS
// socket's descriptor carries the ciphertext.
inline qsizetype sendUnqueued(QAbstractSocket &socket, QByteArrayView first, QByteArrayView second = {})
{
    if (socket.bytesToWrite() > 0)
        return 0;
    const int fd = int(socket.socketDescriptor());
    ssize_t sent;
    if (second.isEmpty()) {
        sent = ::send(fd, first.data(), std::size_t(first.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    } else {
        iovec pieces[2] = {{const_cast<char *>(first.data()), std::size_t(first.size())},
                           {const_cast<char *>(second.data()), std::size_t(second.size())}};
        msghdr message{};
        message.msg_iov = pieces;
        message.msg_iovlen = 2;
        sent = ::sendmsg(fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    return sent > 0 ? qsizetype(sent) : 0;
}

} // namespace sy::http
