#pragma once
// A one-shot result a coroutine can co_await (with QCoro::Task or any coroutine type).
// The producer calls set() exactly once; the awaiting coroutine is resumed from the event
// loop, never from inside the producer's call stack, so the producer may be mid-signal
// when it completes. The state is shared, so it outlives whichever side goes first.

#include <QAbstractEventDispatcher>
#include <QMetaObject>
#include <QThread>
#include <coroutine>
#include <memory>
#include <optional>

namespace sy {

template<typename T>
class Completion {
    struct State {
        std::optional<T> value;
        std::coroutine_handle<> waiter;
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
            QMetaObject::invokeMethod(
                QAbstractEventDispatcher::instance(QThread::currentThread()), [waiter] { waiter.resume(); },
                Qt::QueuedConnection);
        }
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
    std::shared_ptr<State> m_state;
};

} // namespace sy
