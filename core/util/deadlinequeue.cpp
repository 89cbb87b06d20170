#include "util/deadlinequeue.h"

#include "util/clock.h"

#include <algorithm>
#include <limits>

namespace sy {

Deadline::~Deadline()
{
    disarm();
}

void Deadline::arm(DeadlineQueue &queue, std::chrono::milliseconds timeout)
{
    if (m_queue && m_queue != &queue)
        disarm();
    m_atNs = clock::nowNs() + qint64(timeout.count()) * 1'000'000;
    if (!m_queue)
        queue.add(this);
    if (m_atNs < queue.m_wakeAtNs || queue.m_wakeAtNs == 0)
        queue.reschedule(m_atNs);
}

void Deadline::disarm()
{
    if (m_queue)
        m_queue->remove(this);
}

qint64 Deadline::remainingMs() const
{
    return m_queue ? std::max<qint64>(0, (m_atNs - clock::nowNs()) / 1'000'000) : -1;
}

DeadlineQueue::DeadlineQueue(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &DeadlineQueue::sweep);
}

DeadlineQueue::~DeadlineQueue()
{
    for (Deadline *d : m_items)
        d->m_queue = nullptr;
}

void DeadlineQueue::add(Deadline *deadline)
{
    deadline->m_queue = this;
    deadline->m_index = m_items.size();
    m_items.push_back(deadline);
}

void DeadlineQueue::remove(Deadline *deadline)
{
    // Swap with the last: O(1), order does not matter.
    const std::size_t index = deadline->m_index;
    Deadline *last = m_items.back();
    m_items[index] = last;
    last->m_index = index;
    m_items.pop_back();
    deadline->m_queue = nullptr;
    if (m_items.empty()) {
        m_timer.stop();
        m_wakeAtNs = 0;
    }
}

void DeadlineQueue::reschedule(qint64 atNs)
{
    m_wakeAtNs = atNs;
    const qint64 leftNs = atNs - clock::nowNs();
    m_timer.start(int(std::clamp<qint64>((leftNs + 999'999) / 1'000'000, 0, std::numeric_limits<int>::max())));
}

void DeadlineQueue::sweep()
{
    m_wakeAtNs = 0;
    // One expiry at a time, rescanning after each: a callback may arm, disarm or delete
    // any other deadline.
    for (;;) {
        const qint64 now = clock::nowNs();
        Deadline *expired = nullptr;
        qint64 earliest = std::numeric_limits<qint64>::max();
        for (Deadline *d : m_items) {
            if (d->m_atNs <= now) {
                expired = d;
                break;
            }
            earliest = std::min(earliest, d->m_atNs);
        }
        if (!expired) {
            if (!m_items.empty())
                reschedule(earliest);
            return;
        }
        remove(expired);
        expired->m_onExpired();
    }
}

} // namespace sy
