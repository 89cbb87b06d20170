#pragma once
// Runs a pure function on Qt's global thread pool and hands its result back to the calling
// thread's event loop: for work proportional to a request's size (parsing and rendering
// megabytes of JSON) that must not hold the core thread. `co_await` the returned completion
// from a coroutine on the calling thread.

#include "util/completion.h"

#include <QAbstractEventDispatcher>
#include <QPointer>
#include <QThread>
#include <QThreadPool>
#include <memory>

namespace sy {

// Request bodies larger than this are parsed and converted off the core thread.
inline constexpr qsizetype kOffThreadBodyBytes = 256 * 1024;

template<typename Fn>
auto runOffThread(Fn fn) -> std::shared_ptr<Completion<decltype(fn())>>
{
    using T = decltype(fn());
    auto done = std::make_shared<Completion<T>>();
    QPointer<QObject> home = QAbstractEventDispatcher::instance(QThread::currentThread());
    QThreadPool::globalInstance()->start([fn = std::move(fn), done, home]() mutable {
        auto value = std::make_shared<T>(fn());
        if (home) // gone only while the core shuts down: nobody waits any more
            QMetaObject::invokeMethod(home, [done, value] { done->set(std::move(*value)); }, Qt::QueuedConnection);
    });
    return done;
}

} // namespace sy
