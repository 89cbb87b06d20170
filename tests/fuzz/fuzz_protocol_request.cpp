// Each protocol's request parser on client JSON (the first byte picks the protocol and
// flavor), then every protocol's request renderer on what was parsed: a client's request
// must convert to any backend without crashing, whatever it holds.

#include "protocol/codec.h"
#include "protocol/ollama/ollamaembed.h"
#include "protocol/openai/requestscan.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace sy::protocol;
    if (size < 1)
        return 0;
    static const Protocol kProtocols[] = {Protocol::OpenAI, Protocol::Anthropic, Protocol::Gemini, Protocol::Ollama, Protocol::Responses};
    const Protocol inbound = kProtocols[data[0] % 5];
    const Flavor flavor = (data[0] / 5) % 2 ? Flavor::Prompt : Flavor::Chat;
    const QByteArray body = openai::padForScan(QByteArray(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1)));
    if (!openai::isValidJson(body)) // the ingress refuses these before any parser sees them
        return 0;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return 0;
    Request request;
    QString error;
    // Ollama's embeddings requests become OpenAI bodies (under the sanitizers).
    if (ollama::EmbedRequest embed; inbound == Protocol::Ollama &&
        ollama::parseEmbedRequest(doc.object(), flavor == Flavor::Prompt ? ollama::EmbedShape::Single : ollama::EmbedShape::Batch, embed, &error))
        (void)ollama::openAiEmbeddingsBody(embed);
    if (!codecFor(inbound).parseRequest(doc.object(), flavor, request, &error))
        return 0;
    const OutboundTarget target{"/v1", QStringLiteral("model"), "key"};
    for (Protocol backend : kProtocols) {
        const OutboundRequest out = codecFor(backend).renderRequest(request, target);
        if (!QJsonDocument::fromJson(out.body).isObject())
            __builtin_trap(); // a rendered request must be a JSON object
    }
    (void)request.promptText();
    (void)request.textBytes();
    return 0;
}
