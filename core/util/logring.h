#pragma once
// The last N lines of a stream of text (a model server's output), oldest first.

#include <QString>
#include <QStringList>
#include <deque>

namespace sy {

class LogRing {
public:
    explicit LogRing(std::size_t capacity = 500) : m_capacity(capacity) {}

    // Appends raw output; complete lines are kept, a partial one waits for its end.
    void append(QByteArrayView bytes);
    QStringList tail(std::size_t count) const;
    std::size_t size() const { return m_lines.size(); }
    void clear()
    {
        m_lines.clear();
        m_partial.clear();
    }

private:
    std::size_t m_capacity;
    std::deque<QString> m_lines;
    QByteArray m_partial;
};

} // namespace sy
