#pragma once
// Puts each tool call's pieces together for the client encoders that need them so
// (Anthropic's content blocks, Gemini's whole function calls, the Responses API's output
// items): an OpenAI-compatible backend may start the next call before the last one's
// arguments are complete and then send pieces of both in turn, which those protocols
// cannot say.

#include "protocol/canonical.h"
#include "protocol/codec.h"

#include <vector>

namespace sy::protocol {

class ToolCallOrder {
public:
    // Appends to `out` what of `e` may go to the encoder now. A call that starts while the
    // one before it is still incomplete (its arguments are not yet a whole JSON value) is
    // held, with its pieces, and follows whole before the Finish; so is text that comes
    // meanwhile (it would close the call's block before its arguments are in).
    void pass(const StreamEvent &e, Events &out);

private:
    struct Held {
        StreamEvent start;
        QString arguments;
    };
    int m_current = -1;         // the call whose pieces pass through
    QString m_currentArguments; // its arguments so far
    std::vector<Held> m_held;   // in the order they started
    QString m_heldText;
};

} // namespace sy::protocol
