#pragma once
// The common generation parameters under each protocol's names: read from and written to
// wherever the protocol keeps them (the body, Gemini's generationConfig, Ollama's options).

#include "protocol/canonical.h"

#include <QJsonObject>
#include <QStringList>

namespace sy::protocol {

struct ParamNames {
    const char *temperature;
    const char *topP;
    const char *topK;
    const char *maxTokens;
    const char *seed;             // nullptr: the protocol has no such parameter
    const char *presencePenalty;
    const char *frequencyPenalty;
    const char *stop;
};

inline constexpr ParamNames kOpenAiParams{"temperature", "top_p", "top_k", "max_tokens", "seed", "presence_penalty", "frequency_penalty", "stop"};
inline constexpr ParamNames kAnthropicParams{"temperature", "top_p", "top_k", "max_tokens", nullptr, nullptr, nullptr, "stop_sequences"};
inline constexpr ParamNames kGeminiParams{"temperature", "topP", "topK", "maxOutputTokens", "seed", "presencePenalty", "frequencyPenalty", "stopSequences"};
inline constexpr ParamNames kOllamaParams{"temperature", "top_p", "top_k", "num_predict", "seed", "presence_penalty", "frequency_penalty", "stop"};

// Reads what is there (a stop given as one string counts; max tokens <= 0 means none). A
// parameter of the wrong type ("temperature": "hot") is an error naming it (`prefix` is the
// path of the object they are in: "generationConfig.", "options.").
bool readParams(const QJsonObject &from, const ParamNames &names, Params &out, QString *error, const QString &prefix = {});
void writeParams(const Params &params, const ParamNames &names, QJsonObject &to);
// Whether a key is one of these names.
bool isParamName(const ParamNames &names, const QString &key);
// A parameter's name in `to`, given by its OpenAI name (`max_completion_tokens` too): the
// name itself when it is none of the common ones, empty when `to` has no such parameter.
QString paramNameIn(const ParamNames &to, QByteArrayView openAiName);

// The fields of `body` that are not in `known`: a request's Request::extra.
QJsonObject unknownFields(const QJsonObject &body, const QStringList &known);
// Adds the fields of `from` that `to` does not have (what `to` says wins).
void addAbsentFields(QJsonObject &to, const QJsonObject &from);

} // namespace sy::protocol
