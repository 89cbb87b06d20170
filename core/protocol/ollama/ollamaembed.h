#pragma once
// Ollama's embeddings endpoints served over OpenAI's /v1/embeddings, which every backend
// kind that embeds speaks (llama-server, vLLM, LM Studio, Ollama itself): the request
// becomes an OpenAI body, and the backend's answer is put back into Ollama's shape.

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace sy::protocol::ollama {

enum class EmbedShape {
    Batch,  // /api/embed: "input", a string or strings -> {"model", "embeddings": [[...], ...], ...}
    Single, // /api/embeddings (the older one): "prompt" -> {"embedding": [...]}
};

struct EmbedRequest {
    QString model;
    QJsonValue input;     // a string or an array of strings, as the client sent it
    QJsonValue keepAlive; // undefined when not sent
    int dimensions = 0;   // 0: the model's own
    // Nothing to embed (no input, "" or []): Ollama's way to load (or, with keep_alive 0, unload) the model.
    bool nothingToEmbed() const;
    qsizetype inputCount() const;
};

// What the answer to an embed request must hold, and be named.
struct EmbedAnswerFor {
    EmbedShape shape = EmbedShape::Batch;
    qsizetype inputs = 0; // the backend's answer must have one vector each
    QByteArray model;     // the name the client asked for, as Ollama answers
};

// Reads and checks the body; false with *error naming the field.
bool parseEmbedRequest(const QJsonObject &body, EmbedShape shape, EmbedRequest &out, QString *error);
// The OpenAI embeddings body for it (compact JSON, floats asked for).
QByteArray openAiEmbeddingsBody(const EmbedRequest &request);
// A backend's OpenAI embeddings answer in Ollama's shape, in input order (by each element's
// index when every one has it); false with *error when it is not a valid such answer with a
// vector for each input.
bool ollamaEmbedAnswer(const QByteArray &openAi, const EmbedAnswerFor &request, qint64 totalNs, QByteArray *out, QString *error);
// The answer to a request with nothing to embed.
QByteArray emptyEmbedAnswer(EmbedShape shape, QByteArrayView model);

} // namespace sy::protocol::ollama
