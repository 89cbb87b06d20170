#pragma once
// The proxy calls still running. A call outlives its client's connection (it is resumed
// from the event loop after an attempt ends, and then makes its record), and it uses the
// core's services until then, so the core is torn down only once no call is left.

#include <functional>
#include <utility>

namespace sy::routing {

class CallsInFlight {
public:
    void add() { ++m_count; }
    void remove()
    {
        if (--m_count == 0 && m_whenNone)
            std::exchange(m_whenNone, {})();
    }
    int count() const { return m_count; }
    // `done` once no call is running: at once if none is, else from the last one's end
    // (inside that call: `done` must not tear down what the call still returns through).
    void whenNone(std::function<void()> done)
    {
        if (m_count == 0) {
            done();
        } else if (m_whenNone) { // both are called
            m_whenNone = [first = std::move(m_whenNone), then = std::move(done)] {
                first();
                then();
            };
        } else {
            m_whenNone = std::move(done);
        }
    }

private:
    int m_count = 0;
    std::function<void()> m_whenNone;
};

} // namespace sy::routing
