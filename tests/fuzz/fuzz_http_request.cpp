// The HTTP/1.1 request parser, fed the input in pieces of arbitrary sizes (the first
// byte picks how it is split), as a socket would deliver it; pipelined requests follow one
// another on the same parser, as on a keep-alive connection.

#include "http/parser.h"

#include <cstdint>
#include <cstddef>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::size_t step = 1 + data[0] % 64;
    QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    sy::http::RequestParser parser;
    parser.reset(8 * 1024, 64 * 1024);
    QByteArray pending;
    for (qsizetype at = 0; at < input.size();) {
        pending.append(input.mid(at, qsizetype(step)));
        at += qsizetype(step);
        for (;;) {
            const std::size_t used = parser.feed(pending.constData(), std::size_t(pending.size()));
            pending.remove(0, qsizetype(used));
            const sy::http::ParseState state = parser.state();
            if (state == sy::http::ParseState::Error)
                return 0; // the connection would answer 400/413/431 and close
            if (state == sy::http::ParseState::Complete) {
                const sy::http::RequestHead head = parser.takeHead();
                const QByteArray body = parser.takeBody();
                (void)head.queryValue("key");
                (void)body.size();
                parser.reset(8 * 1024, 64 * 1024);
                continue;
            }
            if (state == sy::http::ParseState::HeadReady)
                continue;
            break; // NeedMore
        }
    }
    return 0;
}
