#pragma once
// A client's TCP connection, read and written with system calls on its descriptor.
//
// Not a QTcpSocket: Qt adopts an accepted descriptor only buffered, whatever the open mode,
// and a buffered socket asks the kernel for the count (ioctl FIONREAD) and copies the bytes
// through its ring buffer before every read: a system call and a copy per request. Here a
// read goes from the kernel straight into the connection's input. A connection that turns
// into a WebSocket is handed over as a QTcpSocket (handOver()).

#include "http/socketinput.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>

class QSocketNotifier;
class QTcpSocket;

namespace sy::http {

class ClientSocket : public QObject {
    Q_OBJECT
public:
    // Adopts `descriptor`, an accepted TCP connection (made non-blocking; closed with this).
    explicit ClientSocket(int descriptor, QObject *parent = nullptr);
    ~ClientSocket() override;
    ClientSocket(const ClientSocket &) = delete;
    ClientSocket &operator=(const ClientSocket &) = delete;

    bool isOpen() const { return m_fd >= 0; }
    const QHostAddress &peerAddress() const { return m_peer; }
    void setNoDelay();

    // Appends what the kernel has, at most about `maxBytes`, to `input`. Closed: the client
    // closed or reset the connection (reported only here, not as disconnected()).
    SocketRead read(QByteArray &input, qint64 maxBytes);
    // Reads and drops what the client sends (a closing connection's lingering reads).
    SocketRead discardInput();
    // What the kernel holds for reading now (a system call: for timeouts, not per request).
    qint64 bytesAvailable() const;
    // readyRead() comes while there is something to read. A readyRead() whose handler does not
    // read pauses it, so bytes the owner does not want yet wait in the kernel (where TCP slows
    // the client down) rather than waking the loop again and again; read() or
    // resumeReading() lifts the pause.
    void resumeReading();

    // Sends what the kernel takes now and queues the rest, which leaves as the client reads
    // (bytesWritten() each time some does). Returns how many bytes left now. A failed send
    // shows as disconnected(), from the event loop.
    qint64 write(QByteArrayView data);
    qint64 bytesToWrite() const { return m_queue.size() - m_queueSent; }
    // Ends the direction to the client (FIN); the caller waits for bytesToWrite() == 0 first.
    void shutdownWrite();
    // Closes the connection now; what is queued is dropped. No signal follows.
    void close();
    // Gives the connection up to a QTcpSocket (for another protocol on it) with `unread`,
    // bytes already read from it, put back in front of its input. No signal comes from here
    // after it, and the descriptor is the new socket's. nullptr if Qt refused the descriptor
    // (then it is closed).
    QTcpSocket *handOver(QByteArrayView unread);

Q_SIGNALS:
    void readyRead();
    void bytesWritten();
    void disconnected(); // a send failed: the client is gone

private:
    // One recv: the bytes read, 0 when there are none now, -1 when the client is gone.
    qint64 receive(char *into, qint64 room);
    void onReadable();
    void onWritable();
    void failWrite();

    int m_fd = -1;
    QHostAddress m_peer;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    bool m_readAttempted = false;
    bool m_writeFailed = false;
    QByteArray m_queue; // what the kernel did not take yet, from m_queueSent on
    qsizetype m_queueSent = 0;
};

} // namespace sy::http
