#include "pool/portallocator.h"

#include <QTcpServer>

namespace sy::pool {

void PortAllocator::setRange(int first, int last)
{
    m_first = first;
    m_last = last;
    m_next = first;
}

bool PortAllocator::isFree(quint16 port) const
{
    if (m_taken.contains(port))
        return false;
    // Bindable on loopback and on all addresses: a server on 0.0.0.0:port blocks us too.
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, port))
        return false;
    probe.close();
    return probe.listen(QHostAddress::AnyIPv4, port);
}

quint16 PortAllocator::acquire()
{
    const int count = m_last - m_first + 1;
    for (int i = 0; i < count; ++i) {
        const auto port = quint16(m_first + (m_next - m_first + i) % count);
        if (isFree(port)) {
            m_taken.insert(port);
            m_next = m_first + (port - m_first + 1) % count;
            return port;
        }
    }
    return 0;
}

void PortAllocator::release(quint16 port)
{
    m_taken.remove(port);
}

} // namespace sy::pool
