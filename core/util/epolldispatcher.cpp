#include "util/epolldispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QThread>
#include <QTimerEvent>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace sy {
namespace {

constexpr int kMaxEvents = 256;

// The dispatcher whose processEvents runs on this thread (set there: it is created elsewhere).
thread_local EpollEventDispatcher *t_running = nullptr;

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::uint32_t eventsFor(int type)
{
    switch (type) {
    case QSocketNotifier::Read: return EPOLLIN;
    case QSocketNotifier::Write: return EPOLLOUT;
    default: return EPOLLPRI;
    }
}

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent) : QAbstractEventDispatcher(parent)
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_epoll < 0 || m_wakeFd < 0)
        qFatal("EpollEventDispatcher: cannot create epoll/eventfd: %s", std::strerror(errno));
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = m_wakeFd;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &ev);
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (t_running == this)
        t_running = nullptr;
    ::close(m_wakeFd);
    ::close(m_epoll);
}

std::uint32_t EpollEventDispatcher::wanted(const Watch &watch)
{
    std::uint32_t events = 0;
    for (int type = 0; type < 3; ++type) {
        if (watch.notifiers[type])
            events |= eventsFor(type);
    }
    return events;
}

void EpollEventDispatcher::apply(int fd, Watch &watch)
{
    const std::uint32_t events = wanted(watch);
    if (events == watch.registered)
        return;
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = fd;
    int op = EPOLL_CTL_MOD;
    if (watch.registered == 0)
        op = EPOLL_CTL_ADD;
    else if (events == 0)
        op = EPOLL_CTL_DEL;
    int rc = ::epoll_ctl(m_epoll, op, fd, &ev);
    if (rc != 0 && op == EPOLL_CTL_MOD && errno == ENOENT)
        rc = ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev); // the old file was closed under us
    if (rc != 0 && op == EPOLL_CTL_ADD && errno == EEXIST)
        rc = ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
    if (rc != 0 && errno == EPERM) {
        // Regular files cannot be watched; like poll(), treat them as always ready.
        if (std::find(m_alwaysReady.begin(), m_alwaysReady.end(), fd) == m_alwaysReady.end())
            m_alwaysReady.push_back(fd);
        watch.registered = events;
        return;
    }
    watch.registered = rc == 0 || op == EPOLL_CTL_DEL ? events : watch.registered;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || type < 0 || type > 2 || notifier->thread() != thread())
        return;
    Watch &watch = m_watches[fd];
    watch.notifiers[type] = notifier;
    if (watch.registered == 0)
        apply(fd, watch); // first interest: watch it now
    else
        m_dirty.push_back(fd); // a change of interest: applied before the next wait
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    for (Pending &p : m_pending) {
        if (p.notifier == notifier)
            p.notifier = nullptr;
    }
    auto it = m_watches.find(fd);
    if (it == m_watches.end() || type < 0 || type > 2 || it->second.notifiers[type] != notifier)
        return;
    it->second.notifiers[type] = nullptr;
    if (wanted(it->second) == 0) {
        // Now, not lazily: the fd may be closed right after, and its number reused.
        apply(fd, it->second);
        std::erase(m_alwaysReady, fd);
        m_watches.erase(it);
    } else {
        m_dirty.push_back(fd);
    }
}

void EpollEventDispatcher::syncDirty()
{
    for (int fd : m_dirty) {
        auto it = m_watches.find(fd);
        if (it != m_watches.end())
            apply(fd, it->second);
    }
    m_dirty.clear();
}

void EpollEventDispatcher::schedule(int timerId, Timer &timer, qint64 fromNs)
{
    m_timerQueue.erase({timer.deadlineNs, timerId});
    qint64 interval = timer.intervalMs;
    if (timer.type == Qt::VeryCoarseTimer)
        interval = std::max<qint64>(1000, (interval + 500) / 1000 * 1000);
    timer.deadlineNs = fromNs + interval * 1'000'000;
    m_timerQueue.insert({timer.deadlineNs, timerId});
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    Timer &timer = m_timers[timerId];
    timer.intervalMs = interval;
    timer.type = timerType;
    timer.object = object;
    timer.deadlineNs = 0;
    schedule(timerId, timer, nowNs());
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    m_timerQueue.erase({it->second.deadlineNs, timerId});
    m_timers.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    bool any = false;
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->second.object == object) {
            m_timerQueue.erase({it->second.deadlineNs, it->first});
            it = m_timers.erase(it);
            any = true;
        } else {
            ++it;
        }
    }
    return any;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> list;
    for (const auto &[id, timer] : m_timers) {
        if (timer.object == object)
            list.append(TimerInfo(id, int(timer.intervalMs), timer.type));
    }
    return list;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return -1;
    return int(std::max<qint64>(0, (it->second.deadlineNs - nowNs()) / 1'000'000));
}

void EpollEventDispatcher::wakeUp()
{
    // A post while the loop is awake (from its own thread, mostly: deleteLater, queued
    // calls, completions) is seen before it next waits, so it costs no system call; only a
    // loop that is blocked (or about to be) needs the eventfd, and once is enough.
    m_wakeups.store(1, std::memory_order_seq_cst);
    if (m_sleeping.load(std::memory_order_seq_cst) && !m_fdWritten.exchange(true, std::memory_order_acq_rel)) {
        const std::uint64_t one = 1;
        [[maybe_unused]] const ssize_t n = ::write(m_wakeFd, &one, sizeof one);
    }
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true, std::memory_order_release);
    wakeUp();
}

int EpollEventDispatcher::waitTimeoutMs(bool canWait) const
{
    if (!canWait || !m_alwaysReady.empty())
        return 0;
    if (m_timerQueue.empty())
        return -1;
    const qint64 left = m_timerQueue.begin()->first - nowNs();
    if (left <= 0)
        return 0;
    return int(std::min<qint64>((left + 999'999) / 1'000'000, 24 * 3600 * 1000)); // round up: never early
}

int EpollEventDispatcher::activateSockets()
{
    int activated = 0;
    // unregisterSocketNotifier() clears entries while we go, so a notifier that an earlier
    // activation disabled or deleted is never touched.
    for (std::size_t i = 0; i < m_pending.size(); ++i) {
        QSocketNotifier *notifier = std::exchange(m_pending[i].notifier, nullptr);
        if (!notifier)
            continue;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
        ++activated;
    }
    m_pending.clear();
    return activated;
}

int EpollEventDispatcher::activateTimers()
{
    const qint64 now = nowNs();
    std::vector<int> due;
    for (auto it = m_timerQueue.begin(); it != m_timerQueue.end() && it->first <= now; ++it)
        due.push_back(it->second);
    int activated = 0;
    for (int id : due) {
        auto it = m_timers.find(id);
        if (it == m_timers.end() || it->second.deadlineNs > now)
            continue; // killed or restarted by an earlier timer
        Timer &timer = it->second;
        QObject *object = timer.object;
        // Precise timers keep their phase unless they fell a whole interval behind.
        const bool keepPhase = timer.type == Qt::PreciseTimer && timer.deadlineNs + timer.intervalMs * 1'000'000 > now;
        schedule(id, timer, keepPhase ? timer.deadlineNs : now);
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        ++activated;
    }
    return activated;
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    t_running = this;
    m_interrupted.store(false, std::memory_order_relaxed);
    Q_EMIT awake();
    m_wakeups.store(0, std::memory_order_seq_cst); // a post from here on sets it again
    if (m_fdWritten.exchange(false, std::memory_order_acq_rel)) {
        std::uint64_t drained = 0;
        [[maybe_unused]] const ssize_t n = ::read(m_wakeFd, &drained, sizeof drained);
    }
    QCoreApplication::sendPostedEvents();
    int handled = resumeWaiting();

    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    // Anything posted meanwhile made the wake-up fd readable, so waiting is safe.
    const bool canWait = (flags & QEventLoop::WaitForMoreEvents) && !m_interrupted.load(std::memory_order_acquire);
    if (canWait)
        Q_EMIT aboutToBlock();
    if (m_interrupted.load(std::memory_order_acquire))
        return false;

    syncDirty();
    epoll_event events[kMaxEvents];
    int timeout = includeTimers ? waitTimeoutMs(canWait) : (canWait && m_alwaysReady.empty() ? -1 : 0);
    // Announce the wait first, then look for posts that came after sendPostedEvents(): a
    // post either sees m_sleeping (and writes the eventfd) or is seen here.
    m_sleeping.store(true, std::memory_order_seq_cst);
    if (m_wakeups.load(std::memory_order_seq_cst) || m_resumeNext < m_resumeSoon.size())
        timeout = 0;
    int n = ::epoll_wait(m_epoll, events, kMaxEvents, timeout);
    m_sleeping.store(false, std::memory_order_seq_cst);
    if (n < 0)
        n = 0; // EINTR
    if (includeNotifiers) {
        m_pending.clear();
        for (int i = 0; i < n; ++i) {
            const int fd = events[i].data.fd;
            if (fd == m_wakeFd) {
                ++handled;
                continue;
            }
            auto it = m_watches.find(fd);
            if (it == m_watches.end())
                continue;
            const std::uint32_t got = events[i].events;
            const bool failed = got & (EPOLLERR | EPOLLHUP);
            if (QSocketNotifier *r = it->second.notifiers[QSocketNotifier::Read]; r && (got & EPOLLIN || failed))
                m_pending.push_back({r, QSocketNotifier::Read});
            if (QSocketNotifier *w = it->second.notifiers[QSocketNotifier::Write]; w && (got & EPOLLOUT || failed))
                m_pending.push_back({w, QSocketNotifier::Write});
            if (QSocketNotifier *x = it->second.notifiers[QSocketNotifier::Exception]; x && (got & EPOLLPRI))
                m_pending.push_back({x, QSocketNotifier::Exception});
        }
        for (int fd : m_alwaysReady) {
            auto it = m_watches.find(fd);
            if (it == m_watches.end())
                continue;
            for (int type = 0; type < 2; ++type) {
                if (it->second.notifiers[type])
                    m_pending.push_back({it->second.notifiers[type], type});
            }
        }
        handled += activateSockets();
    }
    if (includeTimers)
        handled += activateTimers();
    return handled > 0;
}

bool EpollEventDispatcher::resumeSoon(std::coroutine_handle<> handle)
{
    EpollEventDispatcher *running = t_running;
    if (!running || QAbstractEventDispatcher::instance() != running)
        return false;
    running->m_resumeSoon.push_back(handle);
    return true;
}

int EpollEventDispatcher::resumeWaiting()
{
    // One batch: what these resume defers waits for the next one, after the sockets. By a
    // shared position, so a nested event loop in a resumed coroutine resumes each only once;
    // only the outermost call empties the list.
    const std::size_t batchEnd = m_resumeSoon.size();
    int resumed = 0;
    ++m_resumeDepth;
    while (m_resumeNext < batchEnd) {
        ++resumed;
        m_resumeSoon[m_resumeNext++].resume();
    }
    if (--m_resumeDepth == 0 && m_resumeNext == m_resumeSoon.size()) {
        m_resumeSoon.clear();
        m_resumeNext = 0;
    }
    return resumed;
}

} // namespace sy
