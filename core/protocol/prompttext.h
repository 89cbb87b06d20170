#pragma once
// The text of a request that task detection reads: the latest user turn that holds text,
// its text parts joined by '\n'. A long turn is cut to its start and its end (the request
// is usually stated in one or both), so reading it costs the same whatever the size of
// the request. Every inbound protocol builds it here, so a prompt gets the same task
// whichever way it came in.

#include <QByteArray>
#include <QByteArrayView>
#include <span>

namespace sy::protocol {

// The bytes kept of a long turn: this much of its start, a '\n', this much of its end.
inline constexpr qsizetype kPromptHeadBytes = 1536;
inline constexpr qsizetype kPromptTailBytes = 512;
inline constexpr qsizetype kPromptExcerptMax = kPromptHeadBytes + 1 + kPromptTailBytes;

// `parts` (UTF-8) joined by '\n', cut as above at character boundaries. Text of at most
// kPromptExcerptMax bytes comes back whole, so an excerpt of an excerpt is itself.
QByteArray promptExcerpt(std::span<const QByteArrayView> parts);
QByteArray promptExcerpt(QByteArrayView text);

} // namespace sy::protocol
