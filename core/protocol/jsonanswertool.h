#pragma once
// JSON answers from Anthropic: its Messages API has no response_format, so a request that
// asks for JSON (OpenAI's response_format, Gemini's responseSchema, Ollama's format) is
// given one tool whose input schema is the wanted shape and told to call it; the call's
// input is the answer. These put it back as the answer's text for the client.

#include "protocol/canonical.h"

namespace sy::protocol {

inline constexpr const char *kJsonAnswerTool = "json_answer";

// Whether `request`, sent to an Anthropic backend, asks for its JSON through the tool: it
// wants JSON, has no tools of its own, and the shape (if given) is an object.
bool wantsJsonAnswerTool(const Request &request);

// A whole answer: the tool's input becomes the text, and the call is gone.
void unwrapJsonAnswer(Response &response);

// A stream: the tool's call becomes text pieces.
class JsonAnswerStream {
public:
    void pass(const StreamEvent &e, Events &out);

private:
    int m_call = -1;
};

} // namespace sy::protocol
