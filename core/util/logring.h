#pragma once
// The last N lines of a stream of text (a model server's output), oldest first, each with
// the time it arrived. Lines are numbered from 1 in the order they arrived, across runs of
// the process (a marker line starts each run), so a reader that keeps the number of the
// last line it saw can ask for only what came after it.

#include <QString>
#include <QStringList>
#include <cstdint>
#include <deque>
#include <functional>

namespace sy {

class LogRing {
public:
    explicit LogRing(std::size_t capacity = 500) : m_capacity(capacity) {}

    // Appends raw output; complete lines are kept, a partial one waits for its end.
    void append(QByteArrayView bytes);
    QStringList tail(std::size_t count) const { return after(0, count); }
    // The kept lines numbered above `number`, at most the newest `count` of them; with
    // `withTimes`, each starts with its local arrival time ("14:03:07.512 ").
    QStringList after(std::uint64_t number, std::size_t count, bool withTimes = false) const;
    // The lines of the current run (since the last beginRun), at most the newest `count`.
    QStringList currentRun(std::size_t count) const { return after(m_runStart, count); }
    // A new run of the process: what the last one left unfinished is kept as a line, then a
    // marker line "--- note ---" separates the runs.
    void beginRun(const QString &note);
    // Lines for which `isNoise` holds are counted, not kept (a model server's lines about
    // Switchyard's own health polls would push out the ones that say what went wrong).
    void setNoiseFilter(std::function<bool(QStringView line)> isNoise) { m_isNoise = std::move(isNoise); }
    // Noise lines left out since the current run began.
    std::uint64_t noiseInRun() const { return m_noiseInRun; }
    // The number of the newest line (0 before the first).
    std::uint64_t lastNumber() const { return m_total; }
    std::size_t size() const { return m_lines.size(); }

private:
    struct Line {
        qint64 timeMs;
        QString text;
    };
    void push(QString line);

    std::size_t m_capacity;
    std::deque<Line> m_lines;
    QByteArray m_partial;
    std::uint64_t m_total = 0;    // lines ever appended
    std::uint64_t m_runStart = 0; // the number of the current run's marker
    std::function<bool(QStringView)> m_isNoise;
    std::uint64_t m_noiseInRun = 0;
};

} // namespace sy
