#pragma once
// Hands out ports from pool.portRange for model servers, skipping ports in use by us or
// by any other program.

#include <QSet>

namespace sy::pool {

class PortAllocator {
public:
    void setRange(int first, int last);
    // A free port, or 0 when the range is exhausted.
    quint16 acquire();
    void release(quint16 port);
    bool isFree(quint16 port) const;

private:
    int m_first = 8051;
    int m_last = 8099;
    int m_next = 8051; // round robin, so a just-released port is not reused at once
    QSet<quint16> m_taken;
};

} // namespace sy::pool
