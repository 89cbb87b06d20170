#pragma once
// A one-shot result a coroutine can co_await (with QCoro::Task or any coroutine type).
// The producer calls set() exactly once; the awaiting coroutine is resumed from the event
// loop, never from inside the producer's call stack, so the producer may be mid-signal
// when it completes. The state is shared, so it outlives whichever side goes first.

#include "util/epolldispatcher.h"

#include <QAbstractEventDispatcher>
#include <QMetaObject>
#include <QThread>
#include <coroutine>
#include <functional>
#include <memory>
#include <optional>

namespace sy {

template<typename T>
class Completion {
    struct State {
        std::optional<T> value;
        std::coroutine_handle<> waiter;
        std::function<void(T)> callback;
    };

public:
    Completion() : m_state(std::make_shared<State>()) {}
    Completion(const Completion &) = delete;
    Completion &operator=(const Completion &) = delete;

    bool isSet() const { return m_state->value.has_value(); }

    void set(T value)
    {
        if (m_state->value)
            return;
        m_state->value = std::move(value);
        if (std::coroutine_handle<> waiter = std::exchange(m_state->waiter, {})) {
            if (!EpollEventDispatcher::resumeSoon(waiter)) {
                QMetaObject::invokeMethod(
                    QAbstractEventDispatcher::instance(QThread::currentThread()), [waiter] { waiter.resume(); },
                    Qt::QueuedConnection);
            }
        } else if (m_state->callback) {
            deliver();
        }
    }

    // For code that is not a coroutine: `callback` gets the value, from the event loop.
    void onSet(std::function<void(T)> callback)
    {
        m_state->callback = std::move(callback);
        if (m_state->value)
            deliver();
    }

    auto operator co_await() const
    {
        struct Awaiter {
            std::shared_ptr<State> state;
            bool await_ready() const noexcept { return state->value.has_value(); }
            void await_suspend(std::coroutine_handle<> handle) noexcept { state->waiter = handle; }
            T await_resume() { return std::move(*state->value); }
        };
        return Awaiter{m_state};
    }

private:
    void deliver()
    {
        QMetaObject::invokeMethod(
            QAbstractEventDispatcher::instance(QThread::currentThread()),
            [state = m_state] {
                if (auto callback = std::exchange(state->callback, {}))
                    callback(std::move(*state->value));
            },
            Qt::QueuedConnection);
    }

    std::shared_ptr<State> m_state;
};

} // namespace sy
