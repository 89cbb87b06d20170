#pragma once
// Many timeouts behind one Qt timer. Arming is a field write: no timer registration, no
// allocation, which matters because every request arms and re-arms several timeouts
// (head, body, idle, connect, first byte). The single timer is set to the earliest
// deadline; pushing a deadline later (the usual case: activity resets an idle timeout)
// costs nothing, and the timer recomputes when it fires.

#include <QObject>
#include <QTimer>
#include <chrono>
#include <functional>
#include <vector>

namespace sy {

class DeadlineQueue;

// A timeout owned by some object; unlinks itself when destroyed.
class Deadline {
public:
    explicit Deadline(std::function<void()> onExpired) : m_onExpired(std::move(onExpired)) {}
    ~Deadline();
    Deadline(const Deadline &) = delete;
    Deadline &operator=(const Deadline &) = delete;

    void arm(DeadlineQueue &queue, std::chrono::milliseconds timeout);
    void disarm();
    bool isArmed() const { return m_queue != nullptr; }
    // Milliseconds left, or -1 when not armed.
    qint64 remainingMs() const;

private:
    friend class DeadlineQueue;
    std::function<void()> m_onExpired;
    DeadlineQueue *m_queue = nullptr;
    qint64 m_atNs = 0;
    std::size_t m_index = 0;
};

class DeadlineQueue : public QObject {
    Q_OBJECT
public:
    explicit DeadlineQueue(QObject *parent = nullptr);
    ~DeadlineQueue() override;

    std::size_t size() const { return m_items.size(); }

private:
    friend class Deadline;
    void add(Deadline *deadline);
    void remove(Deadline *deadline);
    void reschedule(qint64 atNs);
    void sweep();

    std::vector<Deadline *> m_items;
    QTimer m_timer;
    qint64 m_wakeAtNs = 0; // when m_timer fires; 0 = not running
};

} // namespace sy
