#pragma once
// An OpenAI-style JSON request body parsed with simdjson's DOM parser (which validates the
// whole document), then read for what routing needs: model and its byte range, stream
// flag, tools, images, response format, prompt size, the latest user turn.

#include <QByteArray>
#include <QList>
#include <QString>
#include <cstdint>

namespace sy::protocol::openai {

enum class Endpoint { ChatCompletions, Completions, Embeddings, Rerank };

struct RequestScan {
    bool ok = false;
    QString error;         // why the body was refused
    QByteArray errorParam; // the offending field, if one

    QByteArray model;            // unescaped
    qsizetype modelOffset = -1;  // byte range of the model's JSON string, quotes included
    qsizetype modelLength = 0;
    qsizetype objectOpen = -1;   // offset of the top-level '{'
    bool stream = false;
    bool includeUsage = false;   // stream_options.include_usage
    bool hasTools = false;
    bool hasImages = false;
    bool hasMessages = false;
    bool hasPrompt = false;      // completions: "prompt"
    bool hasInput = false;       // embeddings: "input"
    bool hasQuery = false;       // rerank: "query", a string
    bool hasDocuments = false;   // rerank: "documents", a non-empty array of strings or objects
    QByteArray responseFormat;   // "json_object", "json_schema", "text" or empty
    std::int64_t textBytes = 0;  // message / prompt / input text (rerank: the query and the longest document), for a token estimate
    int messageCount = 0;
    int toolCount = 0;
    int maxPartsPerMessage = 0;  // content parts of the message with the most
    QByteArray lastUserText;     // the latest user turn as task detection reads it (protocol/prompttext.h)

    // Whether the body's top-level object has this key.
    bool hasKey(QByteArrayView key) const;
    std::int64_t estimatedPromptTokens() const { return textBytes / 4 + 1; }

    QByteArray keys; // top-level keys, each followed by '\0'
};

// `body` must have simdjson's 64 bytes of padding in its capacity (http::kBodyPadding).
RequestScan scanRequest(const QByteArray &body, Endpoint endpoint);
// `json` with that padding (for a body Switchyard built itself).
QByteArray padForScan(QByteArray json);

// `body` without the top-level fields named (each time one comes), every other byte as it
// was, with padForScan's padding; `body` itself when it has none of them or is not valid.
QByteArray withoutTopLevelFields(const QByteArray &body, const QList<QByteArray> &names);

// Whether `json` is one valid JSON object or array (any padding is arranged internally).
bool isValidJson(const QByteArray &json);
// usage.prompt_tokens / completion_tokens of a response (or of one SSE chunk's JSON);
// false when there is no usage object.
bool readUsage(const QByteArray &json, qint64 *promptTokens, qint64 *completionTokens);

} // namespace sy::protocol::openai
