#pragma once
// What a failed model server said, in a few lines worth reading: the lines that name a
// problem (error, failed, cannot, out of memory, ...) come first, then the newest lines,
// in the order they were written. Pure.

#include <QString>
#include <QStringList>
#include <cstdint>

namespace sy::pool {

// A line of a model server's output that only reports one of Switchyard's health polls
// (llama-server logs each "GET /health ... 503" while it loads).
bool isHealthPollLine(QStringView line, QStringView healthPath);

// At most `maxLines` of `run` (one run's output, oldest first); `healthPollsLeftOut` lines
// about health polls were not kept, which the excerpt says.
QString failureExcerpt(const QStringList &run, int maxLines, std::uint64_t healthPollsLeftOut);

} // namespace sy::pool
