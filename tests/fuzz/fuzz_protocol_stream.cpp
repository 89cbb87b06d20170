// A backend's answer as each protocol's decoder reads it (the first bytes pick the backend
// protocol, the client protocol, how the stream is split and whether a backend of the
// client's own protocol is passed through), through the transcoder to
// the client's encoder: streams and whole responses from a broken or hostile backend. The
// same bytes as an OpenAI embeddings answer put into Ollama's shape must give valid JSON.

#include "protocol/ollama/ollamaembed.h"
#include "protocol/openai/requestscan.h"
#include "protocol/transcoder.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace sy::protocol;
    if (size < 2)
        return 0;
    static const Protocol kProtocols[] = {Protocol::OpenAI, Protocol::Anthropic, Protocol::Gemini, Protocol::Ollama, Protocol::Responses};
    const Protocol backend = kProtocols[data[0] % 5];
    const Protocol client = kProtocols[(data[0] / 5) % 5];
    const Flavor flavor = (data[0] / 25) % 2 ? Flavor::Prompt : Flavor::Chat;
    const bool geminiArray = (data[0] / 50) % 2;
    const std::size_t step = 1 + data[1] % 97;
    const bool passThrough = (data[1] / 97) % 2; // a backend of the client's own protocol forwards its bytes
    const QByteArray input(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));

    Transcoder stream(backend, {client, flavor, geminiArray, {}, passThrough});
    QByteArray out;
    ApiError error;
    for (qsizetype at = 0; at < input.size(); at += qsizetype(step)) {
        if (!stream.convertChunk(QByteArrayView(input).sliced(at, std::min<qsizetype>(qsizetype(step), input.size() - at)), out, &error)) {
            stream.streamError(error, out);
            break;
        }
    }
    if (!stream.finishStream(out, &error) && !error.message.isEmpty())
        stream.streamError(error, out);

    Transcoder whole(backend, {client, flavor, geminiArray, {}, passThrough});
    QByteArray body;
    Response response;
    QString problem;
    whole.convertWhole(input, &body, &response, &problem);
    (void)whole.errorBody(makeError(ErrorKind::BadGateway, QStringLiteral("x")));

    QByteArray embeddings;
    const ollama::EmbedAnswerFor embedded{passThrough ? ollama::EmbedShape::Single : ollama::EmbedShape::Batch, qsizetype(1 + step % 3), "m\"x"};
    if (ollama::ollamaEmbedAnswer(input, embedded, 1, &embeddings, &problem) && (!openai::isValidJson(input) || !openai::isValidJson(embeddings)))
        __builtin_trap(); // only a valid answer is taken, and the raw vectors it copies must have been well-formed
    return 0;
}
