#pragma once
// A client of each protocol Switchyard accepts, for the conversion tests: builds a chat
// request in the protocol's own shape (text, image, tool, tool result; streamed or not)
// and reads the answer back from its response or stream format. Written from the
// protocols' documentation, apart from Switchyard's adapters.

#include "testhttpclient.h"

#include <QJsonObject>
#include <QString>

namespace sy::test {

enum class Wire { OpenAI, Anthropic, Gemini, Ollama, Responses };
const char *wireName(Wire wire);

enum class Scenario {
    Text,       // a plain question
    Image,      // a question with an inline PNG
    Tool,       // a question with one tool (get_weather) the model should call
    ToolResult, // a conversation that ends with the tool's result
};

struct ChatAnswer {
    int status = 0;
    QString text;
    QString toolName;
    QString toolId;
    QJsonObject toolArguments;
    QString stopReason;   // in the protocol's words
    qint64 outputTokens = -1;
    QString error;        // what made the answer unreadable
    bool streamEnded = false; // the stream's proper end marker arrived
    QString responseId;   // Responses: the response's id
};

TestResponse sendChat(quint16 port, Wire wire, const QString &model, Scenario scenario, bool stream,
                      const http::Headers &extraHeaders = {});
ChatAnswer readChat(Wire wire, const TestResponse &response, bool stream);

// A 1x1 PNG, base64.
extern const char *const kTinyPng;

} // namespace sy::test
