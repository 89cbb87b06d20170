#pragma once
// The last N lines of a stream of text (a model server's output), oldest first. Lines are
// numbered from 1 in the order they arrived, and the numbering goes on across clear(), so a
// reader that keeps the number of the last line it saw can ask for only what came after it.

#include <QString>
#include <QStringList>
#include <cstdint>
#include <deque>

namespace sy {

class LogRing {
public:
    explicit LogRing(std::size_t capacity = 500) : m_capacity(capacity) {}

    // Appends raw output; complete lines are kept, a partial one waits for its end.
    void append(QByteArrayView bytes);
    QStringList tail(std::size_t count) const { return after(0, count); }
    // The kept lines numbered above `number`, at most the newest `count` of them.
    QStringList after(std::uint64_t number, std::size_t count) const;
    // The number of the newest line (0 before the first).
    std::uint64_t lastNumber() const { return m_total; }
    std::size_t size() const { return m_lines.size(); }
    void clear()
    {
        m_lines.clear();
        m_partial.clear();
    }

private:
    void push(QString line);

    std::size_t m_capacity;
    std::deque<QString> m_lines;
    QByteArray m_partial;
    std::uint64_t m_total = 0; // lines ever appended
};

} // namespace sy
