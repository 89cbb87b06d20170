#pragma once
// A Qt event dispatcher on Linux epoll, for the core thread. Qt's own dispatchers poll
// every registered socket on every loop iteration (and the GLib one writes an eventfd for
// every posted event), so their cost grows with open connections; a proxy holding a
// thousand streams needs readiness in O(active). Semantics follow QEventDispatcherUNIX:
// posted events (then coroutines due by resumeSoon), then wait (only if nothing is
// pending), then sockets, then timers.

#include <QAbstractEventDispatcher>
#include <atomic>
#include <coroutine>
#include <set>
#include <unordered_map>
#include <vector>

class QSocketNotifier;

namespace sy {

class EpollEventDispatcher : public QAbstractEventDispatcher {
    Q_OBJECT
public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

    // Resumes `handle` from this thread's event loop, before it next waits, if the calling
    // thread runs an EpollEventDispatcher; false (nothing done) if not. For the core thread's
    // hot path (a proxied request's coroutine resumes once per attempt): a queued call costs
    // two allocations, a lock and about 2k instructions, this a vector append.
    static bool resumeSoon(std::coroutine_handle<> handle);

private:
    struct Watch {
        QSocketNotifier *notifiers[3] = {nullptr, nullptr, nullptr}; // Read, Write, Exception
        std::uint32_t registered = 0; // events epoll currently watches for this fd
    };
    struct Timer {
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject *object = nullptr;
        qint64 deadlineNs = 0;
    };
    struct Pending {
        QSocketNotifier *notifier;
        int type;
    };

    static std::uint32_t wanted(const Watch &watch);
    void apply(int fd, Watch &watch);
    void syncDirty();
    int activateSockets();
    int activateTimers();
    int resumeWaiting();
    int waitTimeoutMs(bool canWait) const;
    void schedule(int timerId, Timer &timer, qint64 fromNs);

    int m_epoll = -1;
    int m_wakeFd = -1;
    std::atomic<int> m_wakeups{0};       // something was posted since the loop last looked
    std::atomic<bool> m_sleeping{false}; // the loop is in (or about to enter) epoll_wait
    std::atomic<bool> m_fdWritten{false}; // the eventfd holds a wake-up not yet drained
    std::atomic<bool> m_interrupted{false};
    std::unordered_map<int, Watch> m_watches;
    std::vector<int> m_dirty;           // fds whose watched events change lazily (non-zero -> non-zero)
    std::vector<int> m_alwaysReady;     // fds epoll refuses (regular files): ready every iteration
    std::vector<Pending> m_pending;     // activations of the current iteration
    std::vector<std::coroutine_handle<>> m_resumeSoon; // resumeSoon's handles...
    std::size_t m_resumeNext = 0;                      // ...resumed up to here
    int m_resumeDepth = 0;                             // resumeWaiting calls on the stack
    std::unordered_map<int, Timer> m_timers;
    std::set<std::pair<qint64, int>> m_timerQueue; // (deadline, id)
};

} // namespace sy
