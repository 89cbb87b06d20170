#include "protocol/codec.h"

#include "protocol/anthropic/anthropiccodec.h"
#include "protocol/gemini/geminicodec.h"
#include "protocol/ollama/ollamacodec.h"
#include "protocol/openai/openaicodec.h"
#include "protocol/responses/responsescodec.h"

#include <QJsonDocument>

#include <chrono>

namespace sy::protocol {

OutboundRequest bearerJsonPost(const OutboundTarget &target, QByteArrayView path, const QJsonObject &body,
                               QByteArrayView accept)
{
    OutboundRequest out;
    out.path = target.basePath + path.toByteArray();
    out.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    out.headers.add(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    if (!accept.isEmpty())
        out.headers.add(QByteArrayLiteral("Accept"), accept.toByteArray());
    if (!target.apiKey.isEmpty())
        out.headers.add(QByteArrayLiteral("Authorization"), "Bearer " + target.apiKey);
    return out;
}

qint64 steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

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
    static const Codec kResponses{responses::parseRequest, responses::encodeResponse, responses::makeEncoder,
                                  responses::renderRequest, responses::decodeResponse, responses::makeDecoder};
    switch (protocol) {
    case Protocol::Anthropic: return kAnthropic;
    case Protocol::Gemini: return kGemini;
    case Protocol::Ollama: return kOllama;
    case Protocol::Responses: return kResponses;
    case Protocol::OpenAI:
    case Protocol::Management: return kOpenAi;
    }
    return kOpenAi;
}

} // namespace sy::protocol
