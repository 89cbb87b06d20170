#include "protocol/codec.h"

#include "protocol/anthropic/anthropiccodec.h"
#include "protocol/gemini/geminicodec.h"
#include "protocol/ollama/ollamacodec.h"
#include "protocol/openai/openaicodec.h"

namespace sy::protocol {

const Codec &codecFor(Protocol protocol)
{
    static const Codec kOpenAi{openai::parseRequest, openai::encodeResponse, openai::makeEncoder,
                               openai::renderRequest, openai::decodeResponse, openai::makeDecoder};
    static const Codec kAnthropic{anthropic::parseRequest, anthropic::encodeResponse, anthropic::makeEncoder,
                                  anthropic::renderRequest, anthropic::decodeResponse, anthropic::makeDecoder};
    static const Codec kGemini{gemini::parseRequest, gemini::encodeResponse, gemini::makeEncoder,
                               gemini::renderRequest, gemini::decodeResponse, gemini::makeDecoder};
    static const Codec kOllama{ollama::parseRequest, ollama::encodeResponse, ollama::makeEncoder,
                               ollama::renderRequest, ollama::decodeResponse, ollama::makeDecoder};
    switch (protocol) {
    case Protocol::Anthropic: return kAnthropic;
    case Protocol::Gemini: return kGemini;
    case Protocol::Ollama: return kOllama;
    case Protocol::OpenAI:
    case Protocol::Management: return kOpenAi;
    }
    return kOpenAi;
}

} // namespace sy::protocol
